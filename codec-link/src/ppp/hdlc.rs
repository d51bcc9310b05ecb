//! PPP in asynchronous HDLC-like framing (RFC 1662 §4): a push [`Deframer`] for the bytes of
//! a serial line, and a [`Framer`] that writes frames onto it.
//!
//! On an asynchronous line every frame is
//!
//! ```text
//! 7E | FF 03 | protocol (1 or 2 B) | information + padding | FCS (2 or 4 B, LSB first) | 7E
//! ```
//!
//! with every 0x7E, 0x7D and every octet flagged in the Async-Control-Character-Map (ACCM)
//! sent as `7D, octet ^ 0x20` (RFC 1662 §4.2). One flag may close a frame and open the next.
//!
//! # Receiving
//!
//! [`Deframer`] is a push decoder: feed the bytes as they arrive, in chunks of any size, and
//! it yields [`Event`]s. The events do not depend on how the stream was cut into chunks.
//! It applies RFC 1662 §4.2 and §4.3 exactly:
//!
//! - a character below 0x20 whose bit is set in the *receive* ACCM is dropped before
//!   anything else, before unescaping and before the FCS (it may have been inserted by a
//!   modem: XON/XOFF). The receive ACCM starts at the default 0xffffffff and is set with
//!   [`Deframer::set_accm`] when LCP negotiates another one;
//! - `7D x` is `x ^ 0x20`, whatever `x` is (`7D 7D` is 0x5D); `7D 7E` aborts the frame
//!   ([`Event::Aborted`]);
//! - two flags in a row are an empty frame and yield nothing; a frame shorter than the FCS
//!   plus two octets (4 octets with FCS-16, 6 with FCS-32) is [`Event::Short`] and is not
//!   counted as an FCS error;
//! - the FCS ([`FcsKind::Fcs16`] or [`FcsKind::Fcs32`]) is checked but a bad one is only
//!   reported: the frame is delivered as [`Event::Frame`] with `fcs_ok == false`;
//! - a frame longer than the buffer is [`Event::TooLong`], reported as soon as it overflows,
//!   and the rest of it is skipped up to the next flag.
//!
//! Memory is bounded and nothing is allocated: the deframer stores the frame being received
//! in a buffer it owns, of any type `B: AsRef<[u8]> + AsMut<[u8]>` — an array
//! (`Deframer<[u8; 1508]>`, the default type), a `&mut [u8]` borrowed from the caller, or
//! a `Vec<u8>` where there is an allocator. The buffer's length is the maximum frame size,
//! counted after unescaping, FCS included ([`frame_capacity`] computes it from an MRU).
//!
//! Events borrow the frame from that buffer, so they are handed out one at a time:
//! [`Deframer::decode`] consumes input up to the end of the next event and returns it (the
//! caller may change the ACCM or the FCS between two events, at the exact frame where LCP
//! changed them), and [`Deframer::push`] runs a closure on every event of a chunk.
//!
//! # Sending
//!
//! [`Framer`] writes the flags, the escaped frame and its FCS into a `&mut [u8]`. It applies
//! Address-and-Control-Field-Compression and Protocol-Field-Compression through
//! [`PppRepr`], and frames LCP packets as if nothing had been negotiated (ACCM 0xffffffff,
//! address and control present: RFC 1661 §5 and §6.6, RFC 1662 §7.1); [`LcpFraming`] says
//! whether that covers every LCP packet (the default) or only codes 1–7 as Linux's
//! `ppp_async` does, so that a recorded pppd session can be re-framed byte for byte.
//!
//! ```
//! use codec_link::ppp::hdlc::{Deframer, Event, FcsKind, Framer, max_framed_len};
//! use codec_link::ppp::PppProtocol;
//!
//! // An LCP Echo-Request (id 0, magic 0xe40d0d59) from ../shared/captures/gen_ppp/ppp_pap.
//! let info = [0x09, 0x00, 0x00, 0x08, 0xe4, 0x0d, 0x0d, 0x59];
//! let framer = Framer::default();
//! let mut wire = [0u8; max_framed_len(4 + 8, FcsKind::Fcs16)];
//! let n = framer.frame(PppProtocol::Lcp, &info, &mut wire)?;
//! assert_eq!(&wire[..6], &[0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x21]); // 0x03 escaped
//!
//! // Receive it in two chunks cut inside an escape sequence.
//! let mut deframer: Deframer = Deframer::default();
//! let mut frames = 0;
//! for chunk in [&wire[..3], &wire[3..n]] {
//!     deframer.push(chunk, |event| {
//!         if let Event::Frame(frame) = event {
//!             assert!(frame.fcs_ok);
//!             assert_eq!(frame.data, &[0xff, 0x03, 0xc0, 0x21, 0x09, 0x00, 0x00, 0x08,
//!                                      0xe4, 0x0d, 0x0d, 0x59]);
//!             let ppp = frame.ppp().unwrap();
//!             assert_eq!(ppp.protocol(), PppProtocol::Lcp);
//!             frames += 1;
//!         }
//!     });
//! }
//! assert_eq!(frames, 1);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ppp::{PppFrame, PppProtocol, PppRepr};
use codec_core::fcs::{FCS16_INIT, FCS32_INIT, fcs16_update, fcs32_update};
use codec_core::{Error, Protocol, Result};
use core::fmt;
use core::num::NonZeroU64;

/// The flag sequence that opens and closes every frame (RFC 1662 §3.1).
pub const FLAG: u8 = 0x7e;
/// The control escape octet (RFC 1662 §4.2).
pub const CONTROL_ESCAPE: u8 = 0x7d;
/// What an escaped octet is exclusive-or'd with (RFC 1662 §4.2).
pub const ESCAPE_XOR: u8 = 0x20;
/// The ACCM of an asynchronous link before LCP negotiates another: every control
/// character escaped (RFC 1662 §7.1).
pub const DEFAULT_ACCM: u32 = 0xffff_ffff;
/// The default Maximum-Receive-Unit (RFC 1661 §6.1).
pub const DEFAULT_MRU: usize = 1500;
/// Longest PPP header: address, control and a two-byte protocol.
pub const MAX_HEADER_LEN: usize = 4;
/// Buffer size of the default [`Deframer`]: an MRU of 1500 with the longest header and an
/// FCS-32, i.e. [`frame_capacity`]`(1500, FcsKind::Fcs32)` = 1508.
pub const DEFAULT_CAPACITY: usize = frame_capacity(DEFAULT_MRU, FcsKind::Fcs32);

/// The deframer buffer needed for frames whose information field (with padding) is at most
/// `mru` bytes: `mru` + the longest header + the FCS.
#[must_use]
pub const fn frame_capacity(mru: usize, fcs: FcsKind) -> usize {
    mru.saturating_add(MAX_HEADER_LEN)
        .saturating_add(fcs.size())
}

/// The worst-case size on the wire of a frame of `frame_len` bytes (header and information,
/// before escaping): two flags, and every byte of the frame and of its FCS escaped.
#[must_use]
pub const fn max_framed_len(frame_len: usize, fcs: FcsKind) -> usize {
    frame_len
        .saturating_add(fcs.size())
        .saturating_mul(2)
        .saturating_add(2)
}

/// The frame check sequence in use (RFC 1662 §C.2 and §C.3; RFC 1570 FCS-Alternatives
/// selects FCS-32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FcsKind {
    /// The 16-bit FCS, the default.
    #[default]
    Fcs16,
    /// The 32-bit FCS.
    Fcs32,
}

impl FcsKind {
    /// Bytes the FCS occupies at the end of a frame: 2 or 4.
    #[must_use]
    pub const fn size(self) -> usize {
        match self {
            FcsKind::Fcs16 => 2,
            FcsKind::Fcs32 => 4,
        }
    }

    /// The shortest valid frame, FCS included: RFC 1662 §4.3 discards frames of less than
    /// 4 octets with the 16-bit FCS; by the same rule (two octets plus the FCS) 6 octets
    /// with the 32-bit FCS.
    #[must_use]
    pub const fn min_frame_len(self) -> usize {
        self.size() + 2
    }

    const fn init(self) -> u32 {
        match self {
            FcsKind::Fcs16 => FCS16_INIT as u32,
            FcsKind::Fcs32 => FCS32_INIT,
        }
    }

    #[inline]
    fn update(self, register: u32, data: &[u8]) -> u32 {
        match self {
            FcsKind::Fcs16 => u32::from(fcs16_update(register as u16, data)),
            FcsKind::Fcs32 => fcs32_update(register, data),
        }
    }

    /// The value transmitted from a final register: complemented, cut to the FCS's width.
    const fn finish(self, register: u32) -> u32 {
        match self {
            FcsKind::Fcs16 => !register & 0xffff,
            FcsKind::Fcs32 => !register,
        }
    }

    /// The FCS to transmit after `data` (complemented; send it least significant byte
    /// first, [`size`](Self::size) bytes).
    #[must_use]
    pub fn compute(self, data: &[u8]) -> u32 {
        self.finish(self.update(self.init(), data))
    }
}

impl fmt::Display for FcsKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FcsKind::Fcs16 => "FCS-16",
            FcsKind::Fcs32 => "FCS-32",
        })
    }
}

/// Whether `c` is flagged in `accm` (bit `c` for characters 0x00–0x1f, RFC 1662 §7.1).
#[inline]
const fn accm_flags(accm: u32, c: u8) -> bool {
    c < 0x20 && (accm >> c) & 1 == 1
}

/// A complete frame, borrowed from the deframer's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The frame after unescaping, without its FCS: address and control (unless compressed
    /// away), protocol, information. [`Frame::ppp`] parses it.
    pub data: &'a [u8],
    /// Whether the FCS carried matches the one computed over `data`.
    pub fcs_ok: bool,
    /// The FCS carried by the frame (read least significant byte first).
    pub fcs_carried: u32,
    /// The FCS computed over `data`.
    pub fcs_computed: u32,
    /// Which FCS the frame was checked with.
    pub fcs: FcsKind,
    /// Stream offset of the frame's first byte (the byte after the flag that opened it).
    pub offset: u64,
    /// Bytes the frame took on the wire between its flags (escapes and dropped characters
    /// included, flags excluded).
    pub wire_len: u64,
}

impl<'a> Frame<'a> {
    /// The PPP header and information field, in any of the four ACFC/PFC forms.
    ///
    /// # Errors
    /// Those of [`PppFrame::parse`].
    pub fn ppp(&self) -> Result<PppFrame<&'a [u8]>> {
        PppFrame::parse(self.data)
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PPP-HDLC frame @{}, {} bytes, ",
            self.offset,
            self.data.len()
        )?;
        let width = self.fcs.size() * 2 + 2;
        if self.fcs_ok {
            write!(f, "{} {:#0width$x} good", self.fcs, self.fcs_carried)
        } else {
            write!(
                f,
                "{} {:#0width$x} bad (computed {:#0width$x})",
                self.fcs, self.fcs_carried, self.fcs_computed
            )
        }
    }
}

/// What the deframer found in the stream.
///
/// Only [`Event::Frame`] carries a frame; the others report frames RFC 1662 §4.3 discards
/// (a caller that only wants good traffic ignores them). Offsets count bytes from the start
/// of the stream (see [`Deframer::position`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A complete frame, with good or bad FCS.
    Frame(Frame<'a>),
    /// The frame was aborted by `7D 7E`.
    Aborted {
        /// Stream offset of the frame's first byte.
        offset: u64,
        /// Bytes received (after unescaping) before the abort.
        len: usize,
    },
    /// A frame shorter than [`FcsKind::min_frame_len`], discarded.
    Short {
        /// Stream offset of the frame's first byte.
        offset: u64,
        /// Its length after unescaping.
        len: usize,
    },
    /// A frame grew past the buffer; it is skipped up to the next flag. Reported once, as
    /// soon as it overflows.
    TooLong {
        /// Stream offset of the frame's first byte.
        offset: u64,
        /// The maximum frame size (the buffer's length).
        limit: usize,
    },
    /// [`Deframer::finish`]: the stream ended inside a frame.
    Unterminated {
        /// Stream offset of the frame's first byte.
        offset: u64,
        /// Bytes received (after unescaping) before the end.
        len: usize,
    },
}

impl<'a> Event<'a> {
    /// Stream offset of the first byte of the frame the event is about.
    #[must_use]
    pub const fn offset(&self) -> u64 {
        match *self {
            Event::Frame(f) => f.offset,
            Event::Aborted { offset, .. }
            | Event::Short { offset, .. }
            | Event::TooLong { offset, .. }
            | Event::Unterminated { offset, .. } => offset,
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
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Event::Frame(frame) => frame.fmt(f),
            Event::Aborted { offset, len } => {
                write!(f, "PPP-HDLC frame @{offset} aborted after {len} bytes")
            }
            Event::Short { offset, len } => {
                write!(
                    f,
                    "PPP-HDLC frame @{offset} too short ({len} bytes), discarded"
                )
            }
            Event::TooLong { offset, limit } => write!(
                f,
                "PPP-HDLC frame @{offset} longer than {limit} bytes, skipped to the next flag"
            ),
            Event::Unterminated { offset, len } => write!(
                f,
                "PPP-HDLC stream ends inside the frame @{offset} after {len} bytes"
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside a frame.
    Data,
    /// Inside a frame, after a control escape.
    Escape,
    /// Skipping the rest of a frame that overflowed, up to the next flag.
    Discard,
}

/// What [`Deframer::close`] found, before it is turned into an [`Event`] borrowing the
/// buffer (kept apart so that the borrow is only taken on the way out).
#[derive(Debug, Clone, Copy)]
enum Closed {
    Frame {
        data_len: usize,
        carried: u32,
        computed: u32,
        offset: u64,
        wire_len: u64,
    },
    Short {
        offset: u64,
        len: usize,
    },
}

/// A push deframer for RFC 1662 asynchronous HDLC-like framing.
///
/// `B` is the frame buffer (see the [module documentation](self)): its length is the
/// maximum frame size, after unescaping and FCS included. The deframer owns it;
/// [`Deframer::into_inner`] gives it back.
///
/// Nothing is done a byte at a time but the rare bytes that need the state machine: with
/// ACCM 0 the runs of ordinary bytes between flags and escapes are found eight bytes at a
/// time and copied as words; with the default ACCM, where a random byte is escaped one
/// time in seven, 64 bytes at a time are unescaped from a bit map of their escapes; the
/// FCS is computed at the end of the frame over the unescaped bytes by
/// [`codec_core::fcs`], 32 (FCS-16) or 16 (FCS-32) bytes per step.
/// (`benches/benches/hdlc.rs` measures it against the byte-at-a-time loop of RFC 1662.)
///
/// The bytes before the first flag of a stream are treated as a frame (usually reported as
/// [`Event::Short`] or as a bad FCS): a stream captured from the start begins with a flag.
#[derive(Clone)]
pub struct Deframer<B = [u8; DEFAULT_CAPACITY]> {
    buf: B,
    len: usize,
    state: State,
    accm: u32,
    fcs: FcsKind,
    position: u64,
    start: u64,
}

impl Default for Deframer<[u8; DEFAULT_CAPACITY]> {
    /// A deframer with a [`DEFAULT_CAPACITY`] array, FCS-16 and the default ACCM.
    fn default() -> Self {
        Deframer::new([0; DEFAULT_CAPACITY])
    }
}

impl<B> fmt::Debug for Deframer<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deframer")
            .field("pending", &self.len)
            .field("state", &self.state)
            .field("accm", &format_args!("{:#010x}", self.accm))
            .field("fcs", &self.fcs)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Deframer<B> {
    /// A deframer storing frames in `buf` (its length is the maximum frame size), checking
    /// FCS-16, with the default receive ACCM 0xffffffff, at stream offset 0.
    pub fn new(buf: B) -> Self {
        Deframer {
            buf,
            len: 0,
            state: State::Data,
            accm: DEFAULT_ACCM,
            fcs: FcsKind::Fcs16,
            position: 0,
            start: 0,
        }
    }

    /// The same deframer with receive ACCM `accm`.
    #[must_use]
    pub fn with_accm(mut self, accm: u32) -> Self {
        self.accm = accm;
        self
    }

    /// The same deframer checking `fcs`.
    #[must_use]
    pub fn with_fcs(mut self, fcs: FcsKind) -> Self {
        self.fcs = fcs;
        self
    }

    /// Sets the receive ACCM: characters below 0x20 whose bit is set are dropped from now
    /// on (RFC 1662 §7.1). LCP's negotiated ACCM applies once LCP is opened; call this
    /// between two events of [`decode`](Self::decode) to switch at an exact frame.
    pub fn set_accm(&mut self, accm: u32) {
        self.accm = accm;
    }

    /// The receive ACCM.
    #[must_use]
    pub fn accm(&self) -> u32 {
        self.accm
    }

    /// Sets the FCS checked from the frame in progress on.
    pub fn set_fcs(&mut self, fcs: FcsKind) {
        self.fcs = fcs;
    }

    /// The FCS checked.
    #[must_use]
    pub fn fcs(&self) -> FcsKind {
        self.fcs
    }

    /// The maximum frame size, after unescaping and FCS included: the buffer's length.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes consumed since the deframer was made: the stream offset of the next byte.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Bytes of the frame in progress received so far (after unescaping).
    #[must_use]
    pub fn pending(&self) -> usize {
        self.len
    }

    /// Drops the frame in progress: the next byte starts a new frame, as after a flag.
    pub fn reset(&mut self) {
        self.begin();
    }

    /// Gives the buffer back.
    pub fn into_inner(self) -> B {
        self.buf
    }

    #[inline]
    fn begin(&mut self) {
        self.len = 0;
        self.state = State::Data;
        self.start = self.position;
    }

    #[inline]
    fn advance(&mut self, input: &mut &[u8], n: usize) {
        *input = input.get(n..).unwrap_or(&[]);
        self.position = self.position.wrapping_add(n as u64);
    }

    fn too_long(&mut self) -> Event<'static> {
        self.state = State::Discard;
        Event::TooLong {
            offset: self.start,
            limit: self.capacity(),
        }
    }

    /// The closing flag was just consumed: ends the frame in progress, starts the next.
    fn close(&mut self) -> Option<Closed> {
        let len = self.len;
        let offset = self.start;
        let wire_len = self.position.wrapping_sub(1).wrapping_sub(offset);
        self.begin();
        if len == 0 {
            return None;
        }
        let size = self.fcs.size();
        if len < self.fcs.min_frame_len() {
            return Some(Closed::Short { offset, len });
        }
        let data_len = len - size;
        let bytes = self.buf.as_ref();
        let data = bytes.get(..data_len).unwrap_or(&[]);
        let computed = self.fcs.finish(self.fcs.update(self.fcs.init(), data));
        let mut carried = [0u8; 4];
        if let (Some(dst), Some(src)) = (carried.get_mut(..size), bytes.get(data_len..len)) {
            dst.copy_from_slice(src);
        }
        let carried = u32::from_le_bytes(carried);
        Some(Closed::Frame {
            data_len,
            carried,
            computed,
            offset,
            wire_len,
        })
    }

    fn event(&self, closed: Closed) -> Event<'_> {
        match closed {
            Closed::Frame {
                data_len,
                carried,
                computed,
                offset,
                wire_len,
            } => Event::Frame(Frame {
                data: self.buf.as_ref().get(..data_len).unwrap_or(&[]),
                fcs_ok: carried == computed,
                fcs_carried: carried,
                fcs_computed: computed,
                fcs: self.fcs,
                offset,
                wire_len,
            }),
            Closed::Short { offset, len } => Event::Short { offset, len },
        }
    }

    /// Consumes bytes from the front of `input` up to the end of the next event and returns
    /// it; `None` when `input` is used up (every byte is then part of the deframer's state).
    ///
    /// The event borrows the deframer: handle it before the next call. Between two calls
    /// the ACCM and the FCS may be changed, and take effect from the next unread byte.
    ///
    /// ```
    /// use codec_link::ppp::hdlc::{Deframer, Event};
    /// // A two-byte frame (too short), then a frame aborted by 7D 7E, then an empty frame.
    /// let stream = [0x7e, 0x41, 0x42, 0x7e, 0xc0, 0x21, 0x7d, 0x7e, 0x7e];
    /// let mut deframer: Deframer = Deframer::default();
    /// let mut input = &stream[..];
    /// assert_eq!(deframer.decode(&mut input), Some(Event::Short { offset: 1, len: 2 }));
    /// assert_eq!(deframer.decode(&mut input), Some(Event::Aborted { offset: 4, len: 2 }));
    /// assert_eq!(deframer.decode(&mut input), None);
    /// assert!(input.is_empty());
    /// assert_eq!(deframer.position(), 9);
    /// ```
    pub fn decode<'s>(&'s mut self, input: &mut &[u8]) -> Option<Event<'s>> {
        loop {
            let chunk = *input;
            let &first = chunk.first()?;
            match self.state {
                State::Discard => match find_flag(chunk) {
                    Some(i) => {
                        self.advance(input, i + 1);
                        self.begin();
                    }
                    None => {
                        self.advance(input, chunk.len());
                        return None;
                    }
                },
                State::Escape => {
                    self.advance(input, 1);
                    if first == FLAG {
                        let event = Event::Aborted {
                            offset: self.start,
                            len: self.len,
                        };
                        self.begin();
                        return Some(event);
                    }
                    if accm_flags(self.accm, first) {
                        // Dropped before unescaping; the escape still applies to the next.
                        continue;
                    }
                    self.state = State::Data;
                    match self.buf.as_mut().get_mut(self.len) {
                        Some(slot) => {
                            *slot = first ^ ESCAPE_XOR;
                            self.len += 1;
                        }
                        None => return Some(self.too_long()),
                    }
                }
                State::Data => {
                    let buf = self.buf.as_mut();
                    let (i, len, stop) = match self.accm {
                        0 => scan_data::<false, false>(buf, self.len, chunk, 0),
                        DEFAULT_ACCM => scan_data::<true, true>(buf, self.len, chunk, DEFAULT_ACCM),
                        accm => scan_data::<true, false>(buf, self.len, chunk, accm),
                    };
                    self.len = len;
                    match stop {
                        Stop::End => {
                            self.advance(input, i);
                            return None;
                        }
                        Stop::Full => {
                            self.advance(input, i);
                            return Some(self.too_long());
                        }
                        Stop::Flag => {
                            self.advance(input, i + 1);
                            if let Some(closed) = self.close() {
                                return Some(self.event(closed));
                            }
                        }
                        Stop::Escape => {
                            self.advance(input, i + 1);
                            self.state = State::Escape;
                        }
                    }
                }
            }
        }
    }

    /// Feeds `chunk` and calls `on_event` for every event it completes, in order.
    ///
    /// The closure cannot reach the deframer; to change the ACCM at an exact frame, drive
    /// [`decode`](Self::decode) instead.
    pub fn push(&mut self, chunk: &[u8], mut on_event: impl FnMut(Event<'_>)) {
        let mut input = chunk;
        while let Some(event) = self.decode(&mut input) {
            on_event(event);
        }
    }

    /// Ends the stream: reports a frame left without its closing flag as
    /// [`Event::Unterminated`] (a frame already reported [`Event::TooLong`] is not reported
    /// again) and starts afresh.
    pub fn finish(&mut self) -> Option<Event<'_>> {
        let event = match self.state {
            State::Discard => None,
            State::Escape => Some(Event::Unterminated {
                offset: self.start,
                len: self.len,
            }),
            State::Data if self.len > 0 => Some(Event::Unterminated {
                offset: self.start,
                len: self.len,
            }),
            State::Data => None,
        };
        self.begin();
        event
    }
}

// ---------------------------------------------------------------------------------------
// Scanning: where is the next byte that is not an ordinary data byte?

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in every byte of `x` that is zero; the lowest set bit is exact (bits above
/// the first zero byte may be false positives, from the borrow).
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// High bit set in every byte of `x` below 0x20; the lowest set bit is exact (bits above
/// the first hit may be false positives, from the borrow).
#[inline(always)]
const fn control_bytes(x: u64) -> u64 {
    x.wrapping_sub(0x20 * LO) & !x & HI
}

#[inline(always)]
const fn flag_or_escape(x: u64) -> u64 {
    zero_bytes(x ^ (FLAG as u64 * LO)) | zero_bytes(x ^ (CONTROL_ESCAPE as u64 * LO))
}

#[inline(always)]
fn load(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]))
}

/// Why [`scan_data`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The input is used up.
    End,
    /// The buffer is full and the byte at the index does not fit.
    Full,
    /// A flag at the index.
    Flag,
    /// A control escape at the index whose octet is not in the input or needs the state
    /// machine (a flag: abort; an ACCM-flagged character: dropped between the two).
    Escape,
}

/// The deframer's inner loop: copies `input` into `buf` from `len` on, unescaping and
/// dropping `accm`-flagged characters, up to a flag, an escape it cannot finish, a full
/// buffer or the end of `input`. Returns where it stopped in `input`, the new length and
/// why.
///
/// With `BLOCKS` (the default ACCM, all control characters flagged: `CONTROLS` too),
/// [`unescape_block`] takes 64 bytes at a time, through [`tail_block`] for the last ones
/// of the input or the buffer. Otherwise (ACCM 0, escapes about 2 bytes in 256 of random
/// data; or an ACCM flagging some control characters only, the others being data that
/// would stop the blocks), eight bytes at a time: a word with no flag, escape or (with
/// `CONTROLS`) control character is copied whole; otherwise the word is copied anyway
/// (bytes past the first candidate are overwritten later: `len` only counts the good ones)
/// and the candidate is handled on its own. Either way, the bytes the fast paths leave
/// (flags, control characters, escapes of those) go through the byte-at-a-time step.
/// Safe Rust, no intrinsics, no lookup tables: word-wide bit tricks, and loops in shapes
/// the compiler turns into vector instructions.
#[inline(always)]
fn scan_data<const CONTROLS: bool, const BLOCKS: bool>(
    buf: &mut [u8],
    mut len: usize,
    input: &[u8],
    accm: u32,
) -> (usize, usize, Stop) {
    let mut i = 0;
    loop {
        if BLOCKS {
            let rest = input.get(i..).unwrap_or(&[]);
            let room = buf.get_mut(len..).and_then(<[u8]>::first_chunk_mut::<SPAN>);
            let done = match (rest.first_chunk::<SPAN>(), room) {
                (Some(block), Some(room)) => Some(unescape_block::<CONTROLS>(block, room, SPAN)),
                _ if rest.len() >= 16 => tail_block::<CONTROLS>(rest, buf, len),
                _ => None,
            };
            if let Some((used, made)) = done {
                i += used;
                len += made;
                if used >= BLOCK {
                    continue;
                }
            }
        } else if let (Some(src), Some(dst)) = (input.get(i..i + 8), buf.get_mut(len..len + 8)) {
            let x = load(src);
            let m = if CONTROLS {
                flag_or_escape(x) | control_bytes(x)
            } else {
                flag_or_escape(x)
            };
            dst.copy_from_slice(src);
            if m == 0 {
                i += 8;
                len += 8;
                continue;
            }
            let k = (m.trailing_zeros() / 8) as usize;
            i += k;
            len += k;
        }
        let Some(&b) = input.get(i) else {
            return (i, len, Stop::End);
        };
        if b == FLAG {
            return (i, len, Stop::Flag);
        }
        let (value, width) = if b == CONTROL_ESCAPE {
            match input.get(i + 1) {
                Some(&next) if next != FLAG && !accm_flags(accm, next) => (next ^ ESCAPE_XOR, 2),
                _ => return (i, len, Stop::Escape),
            }
        } else if accm_flags(accm, b) {
            i += 1;
            continue;
        } else {
            (b, 1)
        };
        match buf.get_mut(len) {
            Some(slot) => *slot = value,
            None => return (i, len, Stop::Full),
        }
        i += width;
        len += 1;
    }
}

/// The block path on the last bytes of the input or of the buffer (fewer than
/// [`SPAN`]): through padded copies, taking no more bytes than the buffer has room for.
/// Returns the bytes consumed and produced.
#[inline(never)]
fn tail_block<const CONTROLS: bool>(
    rest: &[u8],
    buf: &mut [u8],
    len: usize,
) -> Option<(usize, usize)> {
    let n = rest.len().min(SPAN);
    let room = buf.get_mut(len..)?;
    let mut input = [0u8; SPAN];
    let mut out = [0u8; SPAN];
    input.get_mut(..n)?.copy_from_slice(rest.get(..n)?);
    // At most `room` bytes consumed, so at most `room` produced.
    let (used, made) = unescape_block::<CONTROLS>(&input, &mut out, n.min(room.len()));
    room.get_mut(..made)?.copy_from_slice(out.get(..made)?);
    Some((used, made))
}

/// What the block path's copies from an escaped octet are xored with: the octet unescaped.
const OCTET_XOR: [u8; 32] = {
    let mut x = [0; 32];
    x[0] = ESCAPE_XOR;
    x
};

/// Bytes per step of the block path of [`scan_data`].
const BLOCK: usize = 64;
/// What the block path reads and writes: the block and 32 bytes more (its copies move 16
/// or 32 bytes at a time, from offsets up to [`BLOCK`]).
const SPAN: usize = BLOCK + 32;

/// The transpose of the 8 x 8 bit matrix `x` (bit `8r + c` to bit `8c + r`), in three
/// rounds of swaps (Hacker's Delight, 7-3).
#[inline(always)]
const fn transpose8(mut x: u64) -> u64 {
    let t = (x ^ (x >> 7)) & 0x00aa_00aa_00aa_00aa;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_cccc_0000_cccc;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_f0f0_f0f0;
    x ^ t ^ (t << 28)
}

/// High bit set in the bytes of `x` that stop the block path (see [`unescape_block`]):
/// flags and, with `CONTROLS`, control characters. The lowest set bit is exact.
#[inline(always)]
const fn stop_bytes<const CONTROLS: bool>(x: u64) -> u64 {
    if CONTROLS {
        zero_bytes(x ^ (FLAG as u64 * LO)) | control_bytes(x)
    } else {
        zero_bytes(x ^ (FLAG as u64 * LO))
    }
}

/// Whether `x` stops the block path: a flag, or with `CONTROLS` a control character.
#[inline(always)]
const fn stops_block<const CONTROLS: bool>(x: u8) -> bool {
    x == FLAG || (CONTROLS && x < 0x20)
}

/// Index of the first byte of `block` that stops the block path ([`BLOCK`] if none).
#[inline(never)]
fn first_stop<const CONTROLS: bool>(block: &[u8; SPAN]) -> usize {
    let (words, _) = block.as_chunks::<8>();
    let mut base = 0;
    for word in words.iter().take(BLOCK / 8) {
        let m = stop_bytes::<CONTROLS>(u64::from_le_bytes(*word));
        if m != 0 {
            return base + (m.trailing_zeros() / 8) as usize;
        }
        base += 8;
    }
    BLOCK
}

/// The escapes of a map of `0x7d` bytes (bit `k` for byte `k`) in which some are adjacent:
/// of `7D 7D` the second is the escaped octet (0x5d), not an escape.
#[inline(never)]
fn real_escapes(mut map: u64) -> u64 {
    let mut real = 0;
    while map != 0 {
        let p = map.trailing_zeros();
        real |= 1 << p;
        // Drop the escape and its octet.
        map &= (!1u64).checked_shl(p + 1).unwrap_or(0);
    }
    real
}

/// Whether, after the first escape of `escapes`, more than 32 bytes separate an escape's
/// octet from the next escape or `end`: 33 bytes in a row, none an escape, in the map.
/// Such a run of the 64 bits covers bits 31 and 32: its length is the ones of the map's
/// complement counted up from bit 32 plus those counted down from bit 31.
#[inline(always)]
const fn long_run_after(escapes: u64, end: usize) -> bool {
    let below_end = match 1u64.checked_shl(end as u32) {
        Some(bit) => bit - 1,
        None => u64::MAX,
    };
    // From the first escape on (its own bit is an escape, so not counted).
    let from_first = escapes.wrapping_neg();
    let plain = !escapes & below_end & from_first;
    let up = (!(plain >> 32)).trailing_zeros();
    let down = (!(plain << 32)).leading_zeros();
    up + down > 32
}

/// Copies sixteen bytes from `input[src..]` to `out[dst..]` (offsets at most
/// `SPAN - 16`, as the callers' are: clamped for the bounds checks' sake).
#[inline(always)]
fn copy16(input: &[u8; SPAN], src: usize, out: &mut [u8; SPAN], dst: usize) {
    let (src, dst) = (src.min(SPAN - 16), dst.min(SPAN - 16));
    if let (Some(s), Some(d)) = (
        input
            .get(src..src + 16)
            .and_then(|s| <&[u8; 16]>::try_from(s).ok()),
        out.get_mut(dst..dst + 16)
            .and_then(|d| <&mut [u8; 16]>::try_from(d).ok()),
    ) {
        *d = *s;
    }
}

/// Copies the run `input[src..src + n]` to `out[dst..]` sixteen bytes at a time (so up to
/// fifteen bytes more, past the bytes produced so far: overwritten later or ignored). With
/// `n == 0` the one copy may read from offset 0 when `src` is [`BLOCK`]: its bytes too lie
/// past those produced.
#[inline(always)]
fn copy_run(input: &[u8; SPAN], src: usize, out: &mut [u8; SPAN], dst: usize, n: usize) {
    copy16(input, src, out, dst);
    let mut k = 16;
    while k < n {
        copy16(input, src + k, out, dst + k);
        k += 16;
    }
}

/// The block path of [`scan_data`]: unescapes the first [`BLOCK`] bytes of `input` (of
/// which the first `avail` are real, the rest padding) into `out`, up to the first flag
/// (or, with `CONTROLS`, the first control character: the caller's ACCM is the default,
/// all of them flagged) or an escape whose octet is such a byte or is not available. An
/// escape in the last byte of the block is taken with its octet, the byte after the
/// block, when that is available and ordinary. Returns the bytes consumed (at least
/// [`BLOCK`] unless it stopped early) and produced; `out` may be written past the bytes
/// produced.
///
/// Two 64-byte masks of the block are built first, byte by byte in a shape compilers turn
/// into vector compares: the bytes that stop it, the escapes. The escape mask becomes a
/// 64-bit map (bit `k` for byte `k`). Then each escape is taken from the map in turn: byte
/// `j` of the block goes to `j` minus the escapes before it, so after the run before the
/// first escape, each escape moves the 32 bytes from its octet on and unescapes the octet
/// in place. The loop carries the map and a count, and branches once per escape, always
/// the same way but at the last; where 32 bytes are not enough (an escape followed by a
/// long run of ordinary bytes, rare when escapes are dense), the runs are copied to their
/// exact length. A byte-at-a-time loop, or a search for the next escape, instead
/// mispredicts a branch on nearly every escape.
#[inline(always)]
fn unescape_block<const CONTROLS: bool>(
    input: &[u8; SPAN],
    out: &mut [u8; SPAN],
    avail: usize,
) -> (usize, usize) {
    // Byte by byte into two 64-byte masks (0x80 where the byte is an escape, where it
    // stops the block): a shape compilers turn into vector compares.
    let (mut stop_mask, mut escape_mask) = ([0u8; BLOCK], [0u8; BLOCK]);
    if let Some(block) = input.first_chunk::<BLOCK>() {
        for ((&x, s), e) in block.iter().zip(&mut stop_mask).zip(&mut escape_mask) {
            *s = if stops_block::<CONTROLS>(x) { 0x80 } else { 0 };
            *e = if x == CONTROL_ESCAPE { 0x80 } else { 0 };
        }
    }
    let stops = stop_mask.iter().fold(0, |any, &s| any | s);
    // The escape bits, one per byte: word w's (bit 7 of each byte k) to bit 8k + w, then
    // the 8 x 8 bit matrix transposed: bit 8w + k.
    let mut escapes = 0;
    let (words, _) = escape_mask.as_chunks::<8>();
    for (w, word) in words.iter().enumerate() {
        escapes |= u64::from_le_bytes(*word) >> (7 - w);
    }
    let mut escapes = transpose8(escapes);
    if stops == 0 && escapes == 0 && avail >= BLOCK {
        if let (Some(s), Some(d)) = (input.first_chunk::<BLOCK>(), out.first_chunk_mut::<BLOCK>()) {
            *d = *s;
        }
        return (BLOCK, BLOCK);
    }
    let mut limit = avail.min(BLOCK);
    if stops != 0 {
        limit = limit.min(first_stop::<CONTROLS>(input));
    }
    if escapes & (escapes << 1) != 0 {
        escapes = real_escapes(escapes);
    }
    // The escapes before the limit. One just before it has its octet at the stop or past
    // the block: it is left to the caller with the rest, unless the octet is the byte
    // after the block and an ordinary one.
    if let Some(below) = 1u64.checked_shl(limit as u32) {
        escapes &= below - 1;
    }
    let mut end = limit;
    if limit > 0 && (escapes >> (limit - 1)) & 1 == 1 {
        let octet = input.get(BLOCK).copied();
        match octet {
            Some(b) if limit == BLOCK && avail > BLOCK && !stops_block::<CONTROLS>(b) => {
                end = BLOCK + 1;
            }
            _ => {
                end = limit - 1;
                escapes &= !(1 << end);
            }
        }
    }
    // Byte j of the block goes to j - (escapes before j). The run before the first
    // escape, then after each escape at p the bytes from its octet (p + 1) up to the next
    // escape or the end, and the octet unescaped in place.
    let first = (escapes.trailing_zeros() as usize).min(end);
    copy_run(input, 0, out, 0, first);
    let mut removed = 0;
    if !long_run_after(escapes, end) {
        // Every run from an octet to the next escape or the end fits in 32 bytes: one
        // fixed copy per escape, no other branch.
        while let Some(map) = NonZeroU64::new(escapes) {
            let p = map.trailing_zeros() as usize;
            escapes &= escapes - 1;
            let dst = (p - removed) % BLOCK;
            if let (Some(s), Some(d)) = (
                input
                    .get(p + 1..p + 33)
                    .and_then(|s| <&[u8; 32]>::try_from(s).ok()),
                out.get_mut(dst..dst + 32)
                    .and_then(|d| <&mut [u8; 32]>::try_from(d).ok()),
            ) {
                // The octet unescaped on the way, in a register: a vector xor.
                let mut run = *s;
                for (b, m) in run.iter_mut().zip(OCTET_XOR) {
                    *b ^= m;
                }
                *d = run;
            }
            removed += 1;
        }
    } else {
        let mut next = first;
        while escapes != 0 {
            let p = next;
            escapes &= escapes - 1;
            next = (escapes.trailing_zeros() as usize).min(end);
            let dst = p - removed;
            copy_run(input, p + 1, out, dst, next - p - 1);
            if let Some(octet) = out.get_mut(dst % BLOCK) {
                *octet ^= ESCAPE_XOR;
            }
            removed += 1;
        }
    }
    (end, end - removed)
}

/// Index of the first flag in `data`.
#[inline]
fn find_flag(data: &[u8]) -> Option<usize> {
    let mut words = data.chunks_exact(8);
    let mut base = 0;
    for w in &mut words {
        let m = zero_bytes(load(w) ^ (u64::from(FLAG) * LO));
        if m != 0 {
            return Some(base + (m.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == FLAG)
        .map(|i| base + i)
}

// ---------------------------------------------------------------------------------------
// Framing.

/// Which LCP packets are framed as if no option had been negotiated (ACCM 0xffffffff,
/// address and control present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum LcpFraming {
    /// Every LCP packet: RFC 1661 §6.6 forbids ACFC on any LCP packet, and the default ACCM
    /// is always safe. The default.
    #[default]
    AllPackets,
    /// Only codes 1–7 (Configure-*, Terminate-*, Code-Reject: RFC 1661 §5); Echo,
    /// Discard, Identification... use the negotiated ACCM and ACFC. This is what Linux's
    /// `ppp_async` (pppd's framing) does, as the sessions in
    /// `../shared/captures/gen_ppp` show.
    ConfigureCodes,
}

impl LcpFraming {
    /// Whether an LCP packet starting with `code` is framed with the defaults.
    #[must_use]
    pub const fn applies(self, code: Option<u8>) -> bool {
        match self {
            LcpFraming::AllPackets => true,
            LcpFraming::ConfigureCodes => matches!(code, Some(1..=7)),
        }
    }
}

/// A 256-bit map of the octets to escape.
#[derive(Clone, Copy)]
struct EscapeMap([u32; 8]);

impl EscapeMap {
    const fn new(accm: u32, extended: u32) -> Self {
        let mut m = [0u32; 8];
        m[0] = accm;
        m[3] = (1 << (FLAG - 0x60)) | (1 << (CONTROL_ESCAPE - 0x60));
        m[4] = extended;
        EscapeMap(m)
    }

    #[inline]
    fn escapes(&self, b: u8) -> bool {
        self.0
            .get(usize::from(b >> 5))
            .is_some_and(|w| (w >> (b & 31)) & 1 == 1)
    }
}

/// Writes escaped bytes, counting past the end of the buffer so that a too-small buffer
/// reports the exact size needed.
struct Escaper<'o> {
    out: &'o mut [u8],
    pos: usize,
    map: EscapeMap,
}

impl Escaper<'_> {
    #[inline]
    fn raw(&mut self, b: u8) {
        if let Some(slot) = self.out.get_mut(self.pos) {
            *slot = b;
        }
        self.pos = self.pos.saturating_add(1);
    }

    fn escaped(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.map.escapes(b) {
                self.raw(CONTROL_ESCAPE);
                self.raw(b ^ ESCAPE_XOR);
            } else {
                self.raw(b);
            }
        }
    }
}

/// Writes PPP frames in asynchronous HDLC-like framing.
///
/// A plain configuration value: the transmit ACCM the peer asked for, the FCS, whether ACFC
/// and PFC were negotiated. [`Framer::default`] is the state before LCP has negotiated
/// anything (ACCM 0xffffffff, FCS-16, no compression).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Framer {
    /// Transmit ACCM: control characters 0x00–0x1f to escape (bit n for character n).
    pub accm: u32,
    /// Characters 0x80–0x9f to escape (bit n for 0x80 + n), for links that need the
    /// high control characters escaped too (an extension; 0 per RFC 1662).
    pub extended_accm: u32,
    /// The FCS to append.
    pub fcs: FcsKind,
    /// Address-and-Control-Field-Compression: omit `FF 03` (RFC 1661 §6.6).
    pub acfc: bool,
    /// Protocol-Field-Compression: one-byte protocol where it fits (RFC 1661 §6.5).
    pub pfc: bool,
    /// Which LCP packets ignore the negotiated ACCM and ACFC.
    pub lcp: LcpFraming,
    /// Write the opening flag (pppd omits it when the line was busy since the last frame,
    /// whose closing flag then opens this one).
    pub opening_flag: bool,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new()
    }
}

impl Framer {
    /// The framing before LCP negotiation: ACCM 0xffffffff, FCS-16, no ACFC or PFC, an
    /// opening flag on every frame.
    #[must_use]
    pub const fn new() -> Self {
        Framer {
            accm: DEFAULT_ACCM,
            extended_accm: 0,
            fcs: FcsKind::Fcs16,
            acfc: false,
            pfc: false,
            lcp: LcpFraming::AllPackets,
            opening_flag: true,
        }
    }

    /// The worst-case size on the wire of a frame whose information field is `info_len`
    /// bytes: [`max_framed_len`] with the longest header.
    #[must_use]
    pub const fn max_framed_len(&self, info_len: usize) -> usize {
        max_framed_len(info_len.saturating_add(MAX_HEADER_LEN), self.fcs)
    }

    fn lcp_defaults(&self, protocol: PppProtocol, code: Option<u8>) -> bool {
        protocol == PppProtocol::Lcp && self.lcp.applies(code)
    }

    /// Frames a packet of `protocol` with information field `info` into `out`; returns the
    /// bytes written.
    ///
    /// The header is written by [`PppRepr`] with this framer's ACFC and PFC, except for the
    /// LCP packets [`LcpFraming`] names, which get `FF 03` and the default ACCM.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) with the exact size needed
    /// (nothing useful is left in `out`); [`BadValue`](codec_core::ErrorKind::BadValue)
    /// (protocol PPP) for a protocol number that is not well formed.
    pub fn frame(&self, protocol: PppProtocol, info: &[u8], out: &mut [u8]) -> Result<usize> {
        let defaults = self.lcp_defaults(protocol, info.first().copied());
        let repr = PppRepr {
            address_control: !self.acfc || defaults,
            protocol,
            compress_protocol: self.pfc && !defaults,
        };
        let mut header = [0u8; MAX_HEADER_LEN];
        let n = repr.emit(&mut header)?;
        self.write(defaults, header.get(..n).unwrap_or(&header), info, out)
    }

    /// Frames `frame` — a PPP frame as the deframer delivers it: header in whatever form
    /// it has, information field, no FCS — escaping it with this framer's ACCM (or the
    /// default ACCM for the LCP packets [`LcpFraming`] names) and appending the FCS.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) with the exact size needed.
    pub fn frame_raw(&self, frame: &[u8], out: &mut [u8]) -> Result<usize> {
        let defaults = PppFrame::parse(frame)
            .is_ok_and(|f| self.lcp_defaults(f.protocol(), f.payload().first().copied()));
        self.write(defaults, frame, &[], out)
    }

    fn write(&self, lcp_defaults: bool, head: &[u8], body: &[u8], out: &mut [u8]) -> Result<usize> {
        let map = if lcp_defaults {
            EscapeMap::new(DEFAULT_ACCM, self.extended_accm)
        } else {
            EscapeMap::new(self.accm, self.extended_accm)
        };
        let fcs = self.fcs;
        let register = fcs.update(fcs.update(fcs.init(), head), body);
        let value = fcs.finish(register).to_le_bytes();
        let available = out.len();
        let mut w = Escaper { out, pos: 0, map };
        if self.opening_flag {
            w.raw(FLAG);
        }
        w.escaped(head);
        w.escaped(body);
        w.escaped(value.get(..fcs.size()).unwrap_or(&value));
        w.raw(FLAG);
        if w.pos > available {
            return Err(Error::buffer_too_small(Protocol::PppHdlc, w.pos, available));
        }
        Ok(w.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::tlv::{TlvFormat, Tlvs};
    use codec_core::{ErrorKind, Field, fcs};
    use std::format;
    use std::path::{Path, PathBuf};
    use std::string::{String, ToString};
    use std::vec;
    use std::vec::Vec;

    // ---- helpers ------------------------------------------------------------------------

    fn shared(rel: &str) -> PathBuf {
        std::env::var_os("CODEC_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
            .join(rel)
    }

    fn read(rel: &str) -> Vec<u8> {
        let p = shared(rel);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    fn read_text(rel: &str) -> String {
        String::from_utf8(read(rel)).unwrap()
    }

    /// A deterministic xorshift64 generator.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n).map(|_| self.next() as u8).collect()
        }
    }

    /// The receive ACCM a test runs with.
    #[derive(Clone, Copy)]
    enum Rx {
        /// One ACCM for the whole stream.
        Fixed(u32),
        /// Start with the default; on a good LCP Configure-Ack in the stream, switch to the
        /// ACCM it acknowledges (the sender of the stream uses it from then on: RFC 1662
        /// §7.1), or back to the default if it has none. The receiving pppd does the same.
        Follow,
    }

    /// The ACCM an LCP Configure-Ack acknowledges (the default when it has no ACCM option).
    fn acked_accm(frame: &Frame<'_>) -> Option<u32> {
        let ppp = frame.ppp().ok()?;
        let p = ppp.payload();
        if !frame.fcs_ok || ppp.protocol() != PppProtocol::Lcp || p.first() != Some(&2) {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([*p.get(2)?, *p.get(3)?]));
        let options = p.get(4..len)?;
        let mut accm = DEFAULT_ACCM;
        for o in Tlvs::new(TlvFormat::PPP_OPTIONS, options) {
            let o = o.ok()?;
            if o.kind == 2 && o.value.len() == 4 {
                accm = u32::from_be_bytes(o.value.try_into().unwrap());
            }
        }
        Some(accm)
    }

    /// An owned copy of a frame event.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Got {
        data: Vec<u8>,
        ok: bool,
        fcs: u32,
        offset: u64,
        wire_len: u64,
    }

    /// Deframes `chunks` in order; returns every event (as its Debug text, which holds all
    /// of it, frame bytes included), the frames, and the final receive ACCM.
    fn run_with<'c, B: AsRef<[u8]> + AsMut<[u8]>>(
        mut d: Deframer<B>,
        chunks: impl IntoIterator<Item = &'c [u8]>,
        rx: Rx,
    ) -> (Vec<String>, Vec<Got>, u32) {
        if let Rx::Fixed(a) = rx {
            d.set_accm(a);
        }
        let mut events = Vec::new();
        let mut frames = Vec::new();
        for chunk in chunks {
            let mut input = chunk;
            while let Some(e) = d.decode(&mut input) {
                events.push(format!("{e:?}"));
                let mut switch = None;
                if let Event::Frame(f) = e {
                    frames.push(Got {
                        data: f.data.to_vec(),
                        ok: f.fcs_ok,
                        fcs: f.fcs_carried,
                        offset: f.offset,
                        wire_len: f.wire_len,
                    });
                    if let Rx::Follow = rx {
                        switch = acked_accm(&f);
                    }
                }
                if let Some(a) = switch {
                    d.set_accm(a);
                }
            }
        }
        if let Some(e) = d.finish() {
            events.push(format!("{e:?}"));
        }
        (events, frames, d.accm())
    }

    fn run<'c>(chunks: impl IntoIterator<Item = &'c [u8]>, rx: Rx) -> (Vec<String>, Vec<Got>, u32) {
        run_with(Deframer::new(vec![0u8; DEFAULT_CAPACITY]), chunks, rx)
    }

    fn run_whole(stream: &[u8], rx: Rx) -> (Vec<String>, Vec<Got>, u32) {
        run([stream], rx)
    }

    /// (protocol, code, identifier) of a control frame.
    fn control_key(data: &[u8]) -> Option<(u16, u8, u8)> {
        let ppp = PppFrame::parse(data).ok()?;
        if !ppp.protocol().is_control() {
            return None;
        }
        let p = ppp.payload();
        Some((ppp.protocol().value(), p[0], p[1]))
    }

    // The four real streams: file, frames, the receive ACCM the receiver ends with (what
    // the Configure-Ack in the stream acknowledged), the transmit ACCM the sender used
    // after LCP came up.
    const STREAMS: [(&str, usize, u32); 4] = [
        ("captures/gen_ppp/ppp_pap.sent.bin", 20, 0),
        ("captures/gen_ppp/ppp_pap.rcvd.bin", 19, 0x000a_0000),
        ("captures/gen_ppp/ppp_chapvj.sent.bin", 32, 0),
        ("captures/gen_ppp/ppp_chapvj.rcvd.bin", 30, 0),
    ];

    // The worked example of ../shared/notes/oscar-ppp-telnet-ftp.md §2.2 (checked there with
    // pppd's table, ppproto and a bit loop): LCP Configure-Request id 1 {MRU 1500, ACCM 0,
    // Magic 0x12345678, PFC, ACFC}, FCS-16 0xf164, FCS-32 0x704aa822.
    static GOLDEN_FRAME: [u8; 28] = [
        0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x16, 0x01, 0x04, 0x05, 0xdc, 0x02, 0x06, 0x00,
        0x00, 0x00, 0x00, 0x05, 0x06, 0x12, 0x34, 0x56, 0x78, 0x07, 0x02, 0x08, 0x02,
    ];
    static GOLDEN_WIRE: [u8; 53] = [
        0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x21, 0x7d, 0x21, 0x7d, 0x21, 0x7d, 0x20, 0x7d, 0x36, 0x7d,
        0x21, 0x7d, 0x24, 0x7d, 0x25, 0xdc, 0x7d, 0x22, 0x7d, 0x26, 0x7d, 0x20, 0x7d, 0x20, 0x7d,
        0x20, 0x7d, 0x20, 0x7d, 0x25, 0x7d, 0x26, 0x7d, 0x32, 0x34, 0x56, 0x78, 0x7d, 0x27, 0x7d,
        0x22, 0x7d, 0x28, 0x7d, 0x22, 0x64, 0xf1, 0x7e,
    ];

    // ---- the FCS ------------------------------------------------------------------------

    #[test]
    fn fcs_kind_computes_codec_core_fcs() {
        let mut rng = Rng(0x1662);
        for len in 0..200 {
            let data = rng.bytes(len);
            let r16 = rng.next() as u16;
            let r32 = rng.next() as u32;
            assert_eq!(
                FcsKind::Fcs16.update(u32::from(r16), &data),
                u32::from(fcs::fcs16_update(r16, &data)),
                "len {len}"
            );
            assert_eq!(
                FcsKind::Fcs32.update(r32, &data),
                fcs::fcs32_update(r32, &data),
                "len {len}"
            );
            assert_eq!(FcsKind::Fcs16.compute(&data), u32::from(fcs::fcs16(&data)));
            assert_eq!(FcsKind::Fcs32.compute(&data), fcs::fcs32(&data));
        }
        // The standard check values ("123456789": CRC-16/X-25 and CRC-32).
        assert_eq!(FcsKind::Fcs16.compute(b"123456789"), 0x906e);
        assert_eq!(FcsKind::Fcs32.compute(b"123456789"), 0xcbf4_3926);
        assert_eq!(FcsKind::Fcs16.compute(&GOLDEN_FRAME), 0xf164);
        assert_eq!(FcsKind::Fcs32.compute(&GOLDEN_FRAME), 0x704a_a822);
    }

    // ---- the four movements on the worked example ---------------------------------------

    #[test]
    fn deconstruct_golden_frame() {
        let mut d: Deframer = Deframer::default();
        let mut input = &GOLDEN_WIRE[..];
        let Some(Event::Frame(f)) = d.decode(&mut input) else {
            panic!("no frame")
        };
        assert_eq!(f.data, &GOLDEN_FRAME[..]);
        assert!(f.fcs_ok);
        assert_eq!(
            (f.fcs_carried, f.fcs_computed, f.fcs),
            (0xf164, 0xf164, FcsKind::Fcs16)
        );
        assert_eq!((f.offset, f.wire_len), (1, 51));
        let ppp = f.ppp().unwrap();
        assert_eq!(
            (ppp.protocol(), ppp.payload().len()),
            (PppProtocol::Lcp, 24)
        );
        assert_eq!(
            f.to_string(),
            "PPP-HDLC frame @1, 28 bytes, FCS-16 0xf164 good"
        );
        assert!(input.is_empty());
        assert_eq!(d.decode(&mut input), None);
        assert_eq!(d.position(), 53);
    }

    #[test]
    fn construct_golden_frame() {
        let mut out = [0u8; 64];
        // From protocol + information, and from the whole unescaped frame.
        let n = Framer::new()
            .frame(PppProtocol::Lcp, &GOLDEN_FRAME[4..], &mut out)
            .unwrap();
        assert_eq!(&out[..n], &GOLDEN_WIRE[..]);
        let n = Framer::new().frame_raw(&GOLDEN_FRAME, &mut out).unwrap();
        assert_eq!(&out[..n], &GOLDEN_WIRE[..]);
        // LCP Configure-Request keeps FF 03 and the default ACCM even after ACFC, PFC and
        // ACCM 0 were negotiated, under both LCP rules.
        for lcp in [LcpFraming::AllPackets, LcpFraming::ConfigureCodes] {
            let f = Framer {
                accm: 0,
                acfc: true,
                pfc: true,
                lcp,
                ..Framer::new()
            };
            let n = f
                .frame(PppProtocol::Lcp, &GOLDEN_FRAME[4..], &mut out)
                .unwrap();
            assert_eq!(&out[..n], &GOLDEN_WIRE[..]);
        }
    }

    #[test]
    fn fcs32_golden_frame() {
        let f = Framer {
            fcs: FcsKind::Fcs32,
            ..Framer::new()
        };
        let mut out = [0u8; 64];
        let n = f.frame_raw(&GOLDEN_FRAME, &mut out).unwrap();
        // The FCS-16 tail `64 f1` becomes `22 a8 4a 70` (least significant byte first).
        assert_eq!(&out[..n - 5], &GOLDEN_WIRE[..GOLDEN_WIRE.len() - 3]);
        assert_eq!(&out[n - 5..n], &[0x22, 0xa8, 0x4a, 0x70, 0x7e]);
        let mut d: Deframer = Deframer::default().with_fcs(FcsKind::Fcs32);
        let mut frames = 0;
        d.push(&out[..n], |e| {
            let f = e.frame().unwrap();
            assert_eq!(f.data, &GOLDEN_FRAME[..]);
            assert_eq!((f.fcs_ok, f.fcs_carried), (true, 0x704a_a822));
            assert_eq!(
                f.to_string(),
                "PPP-HDLC frame @1, 28 bytes, FCS-32 0x704aa822 good"
            );
            frames += 1;
        });
        assert_eq!(frames, 1);
        // Checked as FCS-16 the same bytes fail: the last two FCS bytes are taken as the
        // FCS and the first two as data.
        let mut d: Deframer = Deframer::default();
        d.push(&out[..n], |e| {
            let f = e.frame().unwrap();
            assert!(!f.fcs_ok);
            assert_eq!(f.fcs_carried, 0x704a);
            assert_eq!(f.data.len(), 30);
        });
    }

    // ---- real streams -------------------------------------------------------------------

    #[test]
    fn real_streams_deframe_completely_with_good_fcs() {
        for (file, count, accm) in STREAMS {
            let stream = read(file);
            let (events, frames, final_accm) = run_whole(&stream, Rx::Follow);
            assert_eq!(frames.len(), count, "{file}");
            assert_eq!(events.len(), count, "{file}: only frames: {events:#?}");
            assert!(frames.iter().all(|f| f.ok), "{file}");
            assert_eq!(final_accm, accm, "{file}");
            // The stream ends with a closing flag: every byte is accounted for.
            let last = frames.last().unwrap();
            assert_eq!((last.offset + last.wire_len) as usize, stream.len() - 1);
            // The negotiated ACCM as a fixed receive ACCM works for the whole stream too:
            // before LCP is up the sender escapes every control character anyway.
            let (_, fixed, _) = run_whole(&stream, Rx::Fixed(accm));
            assert_eq!(fixed, frames, "{file}");
        }
    }

    #[test]
    fn real_streams_need_the_negotiated_accm() {
        // With the default receive ACCM kept after LCP is up, every frame the peer sent with
        // raw control characters loses them: only the fully escaped LCP Configure and
        // Terminate frames keep a good FCS.
        // (events, frames, good frames) per stream. In ppp_chapvj.rcvd.bin the IPCP
        // Configure-Request @202 (options full of 0x00-0x1f octets) even shrinks to 3
        // bytes: a short frame, not a frame.
        let good = |file: &str, accm: u32| {
            let (events, frames, _) = run_whole(&read(file), Rx::Fixed(accm));
            (
                events.len(),
                frames.len(),
                frames.iter().filter(|f| f.ok).count(),
            )
        };
        let all: Vec<_> = STREAMS
            .iter()
            .map(|(f, _, _)| good(f, DEFAULT_ACCM))
            .collect();
        assert_eq!(all, [(20, 20, 4), (19, 19, 3), (32, 32, 4), (30, 29, 3)]);
        let (events, _, _) = run_whole(&read(STREAMS[3].0), Rx::Fixed(DEFAULT_ACCM));
        assert!(events.contains(&format!(
            "{:?}",
            Event::Short {
                offset: 202,
                len: 3
            }
        )));
        // ppp_pap.sent.bin was sent with ACCM 0 (the client asked for it): one Deflate
        // frame carries a raw XON/XOFF, which a receiver using the server's own ACCM
        // 0x000a0000 drops — a bad FCS, one byte short.
        let (_, frames, _) = run_whole(&read(STREAMS[0].0), Rx::Fixed(0x000a_0000));
        let bad: Vec<_> = frames.iter().filter(|f| !f.ok).collect();
        assert_eq!(bad.len(), 1);
        assert_eq!((bad[0].offset, bad[0].data.len()), (389, 27));
        let (_, zero, _) = run_whole(&read(STREAMS[0].0), Rx::Fixed(0));
        let same = zero.iter().find(|f| f.offset == 389).unwrap();
        assert_eq!(same.data.len(), 28);
        assert!(same.data.iter().any(|&b| b == 0x11 || b == 0x13));
    }

    /// The Enhanced Packet Blocks of a little-endian pcapng: (first byte, rest).
    fn pcapng_frames(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
        assert_eq!(&bytes[8..12], &0x1a2b_3c4du32.to_le_bytes());
        let le = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        let mut out = Vec::new();
        let mut i = 0;
        while i + 8 <= bytes.len() {
            let (kind, len) = (le(i), le(i + 4));
            if kind == 6 {
                let cap = le(i + 20);
                let data = &bytes[i + 28..i + 28 + cap];
                out.push((data[0], data[1..].to_vec()));
            }
            i += len;
        }
        out
    }

    #[test]
    fn real_streams_match_the_pcapng_frames() {
        // The pcapng (LINKTYPE_PPP_WITH_DIR, from the same pppdump record) holds every frame
        // unescaped with its FCS, direction byte 1 for what the recording pppd sent.
        for (capture, sent, rcvd) in [
            (
                "captures/gen_ppp/ppp_pap.pcapng",
                STREAMS[0].0,
                STREAMS[1].0,
            ),
            (
                "captures/gen_ppp/ppp_chapvj.pcapng",
                STREAMS[2].0,
                STREAMS[3].0,
            ),
        ] {
            let pcap = pcapng_frames(&read(capture));
            for (dir, file) in [(1u8, sent), (0, rcvd)] {
                let expected: Vec<Vec<u8>> = pcap
                    .iter()
                    .filter(|(d, _)| *d == dir)
                    .map(|(_, f)| f.clone())
                    .collect();
                let (_, frames, _) = run_whole(&read(file), Rx::Follow);
                let got: Vec<Vec<u8>> = frames
                    .into_iter()
                    .map(|f| [&f.data[..], &f.fcs.to_le_bytes()[..2]].concat())
                    .collect();
                assert_eq!(got, expected, "{file}");
            }
        }
    }

    /// `sent [LCP ConfReq id=0x1 ...]` lines of a pppd debug log: (direction, key).
    fn pppd_log(text: &str) -> Vec<(&str, (u16, u8, u8))> {
        text.lines()
            .filter_map(|l| {
                let (dir, rest) = l.split_once(" [")?;
                if dir != "sent" && dir != "rcvd" {
                    return None;
                }
                let mut words = rest.split_whitespace();
                let proto = match words.next()? {
                    "LCP" => 0xc021,
                    "PAP" => 0xc023,
                    "CHAP" => 0xc223,
                    "CCP" => 0x80fd,
                    "IPCP" => 0x8021,
                    other => panic!("protocol {other}"),
                };
                let code = match words.next()? {
                    "ConfReq" | "AuthReq" | "Challenge" => 1,
                    "ConfAck" | "AuthAck" | "Response" => 2,
                    "ConfNak" | "AuthNak" | "Success" => 3,
                    "ConfRej" | "Failure" => 4,
                    "TermReq" => 5,
                    "TermAck" => 6,
                    "CodeRej" => 7,
                    "ProtRej" => 8,
                    "EchoReq" => 9,
                    "EchoRep" => 10,
                    other => panic!("code {other}"),
                };
                let id = words.next()?.strip_prefix("id=0x")?.trim_end_matches(']');
                Some((dir, (proto, code, u8::from_str_radix(id, 16).unwrap())))
            })
            .collect()
    }

    /// The control frames of a stream as pppd logs them: pppd's `dump_packet` leaves out
    /// LCP Echo-Request/Reply once the link is running (data flowing).
    fn as_logged(frames: &[Got]) -> Vec<(u16, u8, u8)> {
        let mut running = false;
        let mut out = Vec::new();
        for f in frames {
            match control_key(&f.data) {
                None => running = true,
                Some((0xc021, 9 | 10, _)) if running => {}
                Some(k) => out.push(k),
            }
        }
        out
    }

    #[test]
    fn real_streams_agree_with_pppd_logs() {
        for (name, sent, rcvd, lcp_packets) in [
            // LCP frames per direction, as ../shared/reference/*.pcapng.jsonl counts them.
            ("ppp_pap", STREAMS[0].0, STREAMS[1].0, (10, 9)),
            ("ppp_chapvj", STREAMS[2].0, STREAMS[3].0, (12, 11)),
        ] {
            let sent_frames = run_whole(&read(sent), Rx::Follow).1;
            let rcvd_frames = run_whole(&read(rcvd), Rx::Follow).1;
            let count_lcp = |f: &[Got]| {
                f.iter()
                    .filter(|g| control_key(&g.data).is_some_and(|k| k.0 == 0xc021))
                    .count()
            };
            assert_eq!(
                (count_lcp(&sent_frames), count_lcp(&rcvd_frames)),
                lcp_packets,
                "{name}"
            );
            let (sent_keys, rcvd_keys) = (as_logged(&sent_frames), as_logged(&rcvd_frames));

            // The recording daemon (the server) logged exactly what is on the line.
            let log = read_text(&format!("captures/gen_ppp/{name}.pppd-server.log"));
            let log = pppd_log(&log);
            let of = |d: &str| -> Vec<_> {
                log.iter()
                    .filter(|(x, _)| *x == d)
                    .map(|(_, k)| *k)
                    .collect()
            };
            assert_eq!(of("sent"), sent_keys, "{name} server sent");
            assert_eq!(of("rcvd"), rcvd_keys, "{name} server rcvd");

            // The client logged the mirror image, except the server's first
            // Configure-Request, which went out before the client's pppd read the line
            // (the server retransmitted it).
            let log = read_text(&format!("captures/gen_ppp/{name}.pppd-client.log"));
            let log = pppd_log(&log);
            let of = |d: &str| -> Vec<_> {
                log.iter()
                    .filter(|(x, _)| *x == d)
                    .map(|(_, k)| *k)
                    .collect()
            };
            assert_eq!(of("sent"), rcvd_keys, "{name} client sent");
            assert_eq!(sent_keys[0], (0xc021, 1, 1));
            assert_eq!(of("rcvd"), sent_keys[1..], "{name} client rcvd");
        }
    }

    #[test]
    fn real_streams_reframe_byte_exact() {
        // pppd's framing (Linux ppp_async) after LCP is up: the negotiated transmit ACCM,
        // ACFC and PFC, LCP codes 1-7 with the defaults, an opening flag only after a pause.
        let mut out = vec![0u8; 4096];
        for (file, _, _) in STREAMS {
            let stream = read(file);
            let tx_accm = if file.ends_with("ppp_pap.rcvd.bin") {
                0x000a_0000
            } else {
                0
            };
            let (_, frames, _) = run_whole(&stream, Rx::Follow);
            let mut rebuilt = Vec::new();
            let mut segment_start = 0;
            for g in &frames {
                let close = (g.offset + g.wire_len) as usize;
                let segment = &stream[segment_start..=close];
                let framer = Framer {
                    accm: tx_accm,
                    acfc: true,
                    pfc: true,
                    lcp: LcpFraming::ConfigureCodes,
                    opening_flag: segment[0] == FLAG,
                    ..Framer::new()
                };
                let ppp = PppFrame::parse(&g.data[..]).unwrap();
                let n = framer
                    .frame(ppp.protocol(), ppp.payload(), &mut out)
                    .unwrap();
                assert_eq!(&out[..n], segment, "{file} @{}", g.offset);
                // The raw path (header as received) gives the same bytes.
                let m = framer.frame_raw(&g.data, &mut out).unwrap();
                assert_eq!(&out[..m], segment, "{file} @{}", g.offset);
                rebuilt.extend_from_slice(segment);
                segment_start = close + 1;
            }
            assert_eq!(rebuilt, stream, "{file}");
        }
    }

    #[test]
    fn deframe_of_frame_is_identity() {
        // Every frame of the real streams and random frames, under several framings.
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for (file, _, _) in STREAMS {
            inputs.extend(
                run_whole(&read(file), Rx::Follow)
                    .1
                    .into_iter()
                    .map(|g| g.data),
            );
        }
        let mut rng = Rng(7);
        for len in [2usize, 3, 4, 5, 8, 17, 100, 1400] {
            for _ in 0..4 {
                inputs.push(rng.bytes(len));
            }
        }
        inputs.push(vec![FLAG; 64]);
        inputs.push(vec![CONTROL_ESCAPE; 64]);
        inputs.push(vec![0x21]);
        inputs.push(vec![]);
        let mut out = vec![0u8; 4096];
        for accm in [0, 0x000a_0000, DEFAULT_ACCM] {
            for fcs in [FcsKind::Fcs16, FcsKind::Fcs32] {
                for extended_accm in [0, 0xffff_ffff] {
                    let framer = Framer {
                        accm,
                        extended_accm,
                        fcs,
                        ..Framer::new()
                    };
                    // One deframer for the whole sequence of frames: each frame is one event.
                    let mut d = Deframer::new(vec![0u8; 2048]).with_fcs(fcs).with_accm(accm);
                    for x in &inputs {
                        let n = framer.frame_raw(x, &mut out).unwrap();
                        assert!(n <= max_framed_len(x.len(), fcs));
                        let start = d.position() + 1;
                        let mut input = &out[..n];
                        match d.decode(&mut input) {
                            Some(Event::Frame(f)) => {
                                assert!(f.fcs_ok, "{x:02x?}");
                                assert_eq!((f.data, f.offset), (&x[..], start));
                            }
                            Some(Event::Short { offset, len }) => {
                                // Only a frame of less than two bytes before its FCS.
                                assert!(x.len() < 2, "{x:02x?}");
                                assert_eq!((offset, len), (start, x.len() + fcs.size()));
                            }
                            other => panic!("{other:?} for {x:02x?}"),
                        }
                        assert_eq!(d.decode(&mut input), None);
                    }
                }
            }
        }
    }

    // ---- a straightforward reference ------------------------------------------------------

    /// A byte-at-a-time deframer written straight from RFC 1662 §4 with codec-core's
    /// bytewise FCS: the fast deframer must give the same events on any input.
    fn reference(stream: &[u8], accm: u32, fcs: FcsKind, cap: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf: Vec<u8> = Vec::new();
        let (mut esc, mut discard, mut start) = (false, false, 0u64);
        for (i, &b) in stream.iter().enumerate() {
            let i = i as u64;
            if b == FLAG {
                let e = if discard || (!esc && buf.is_empty()) {
                    None
                } else if esc {
                    Some(format!(
                        "{:?}",
                        Event::Aborted {
                            offset: start,
                            len: buf.len()
                        }
                    ))
                } else if buf.len() < fcs.size() + 2 {
                    Some(format!(
                        "{:?}",
                        Event::Short {
                            offset: start,
                            len: buf.len()
                        }
                    ))
                } else {
                    let k = buf.len() - fcs.size();
                    let mut c = [0u8; 4];
                    c[..fcs.size()].copy_from_slice(&buf[k..]);
                    let carried = u32::from_le_bytes(c);
                    let computed = match fcs {
                        FcsKind::Fcs16 => u32::from(fcs::fcs16(&buf[..k])),
                        FcsKind::Fcs32 => fcs::fcs32(&buf[..k]),
                    };
                    Some(format!(
                        "{:?}",
                        Event::Frame(Frame {
                            data: &buf[..k],
                            fcs_ok: carried == computed,
                            fcs_carried: carried,
                            fcs_computed: computed,
                            fcs,
                            offset: start,
                            wire_len: i - start,
                        })
                    ))
                };
                out.extend(e);
                buf.clear();
                (esc, discard, start) = (false, false, i + 1);
                continue;
            }
            if discard || (b < 0x20 && (accm >> b) & 1 == 1) {
                continue;
            }
            if b == CONTROL_ESCAPE && !esc {
                esc = true;
                continue;
            }
            let v = if esc { b ^ 0x20 } else { b };
            esc = false;
            if buf.len() == cap {
                out.push(format!(
                    "{:?}",
                    Event::TooLong {
                        offset: start,
                        limit: cap
                    }
                ));
                discard = true;
                continue;
            }
            buf.push(v);
        }
        if !discard && (esc || !buf.is_empty()) {
            out.push(format!(
                "{:?}",
                Event::Unterminated {
                    offset: start,
                    len: buf.len()
                }
            ));
        }
        out
    }

    /// Random bytes rich in flags, escapes and control characters.
    fn nasty_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| match rng.below(10) {
                0 => FLAG,
                1 => CONTROL_ESCAPE,
                2 | 3 => rng.below(0x20) as u8,
                4 => 0x5e,
                _ => rng.next() as u8,
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_reference_on_random_and_real_input() {
        let mut rng = Rng(0x7e7d);
        for round in 0..3000 {
            let len = rng.below(300);
            let stream = if round % 3 == 0 {
                // Mostly well-formed frames with damage.
                let mut s = Vec::new();
                let mut out = [0u8; 700];
                while s.len() < len {
                    let n = rng.below(40);
                    let body = nasty_bytes(&mut rng, n);
                    let f = Framer {
                        accm: rng.next() as u32,
                        ..Framer::new()
                    };
                    let n = f.frame_raw(&body, &mut out).unwrap();
                    s.extend_from_slice(&out[..n]);
                    if rng.below(4) == 0 {
                        let at = rng.below(s.len());
                        s[at] = rng.next() as u8;
                    }
                }
                s
            } else {
                nasty_bytes(&mut rng, len)
            };
            let accm = match rng.below(4) {
                0 => 0,
                1 => DEFAULT_ACCM,
                2 => 0x000a_0000,
                _ => rng.next() as u32,
            };
            let fcs = if rng.below(2) == 0 {
                FcsKind::Fcs16
            } else {
                FcsKind::Fcs32
            };
            let cap = [0usize, 1, 4, 8, 64, 1600][rng.below(6)];
            let want = reference(&stream, accm, fcs, cap);
            let cuts = chunkings(stream.len(), round).swap_remove(6 + rng.below(25));
            let mut d = Deframer::new(vec![0u8; cap]).with_accm(accm).with_fcs(fcs);
            let mut got = Vec::new();
            for chunk in split_at_cuts(&stream, &cuts) {
                d.push(chunk, |e| got.push(format!("{e:?}")));
            }
            got.extend(d.finish().map(|e| format!("{e:?}")));
            assert_eq!(
                got, want,
                "round {round}: accm {accm:#x} {fcs} cap {cap} {stream:02x?}"
            );
        }
        for (file, _, _) in STREAMS {
            let s = read(file);
            for accm in [0, 0x000a_0000, DEFAULT_ACCM] {
                let (got, _, _) = run_whole(&s, Rx::Fixed(accm));
                assert_eq!(
                    got,
                    reference(&s, accm, FcsKind::Fcs16, DEFAULT_CAPACITY),
                    "{file}"
                );
            }
        }
    }

    // ---- chunking -----------------------------------------------------------------------

    /// A stream with every kind of event: the worked example, a frame with XON/XOFF
    /// inserted (also inside an escape), an aborted frame, a short one, a frame with a bad
    /// FCS, an over-long frame (for a 64-byte buffer), empty frames, ACFC/PFC frames, and a
    /// frame cut off by the end of the stream.
    fn synthetic_stream() -> Vec<u8> {
        let mut s = Vec::new();
        s.extend_from_slice(&GOLDEN_WIRE);
        // XON (0x11) and XOFF (0x13) sprinkled in, one between 7D and its octet.
        for (i, &b) in GOLDEN_WIRE.iter().enumerate().skip(1) {
            s.push(b);
            if i % 5 == 0 {
                s.push(0x11);
            }
            if i == 2 {
                s.push(0x13);
            }
        }
        s.extend_from_slice(&[0xff, 0x03, 0xc0, 0x21, 0x7d, 0x7e]); // aborted
        s.extend_from_slice(&[0x41, 0x42, 0x43, 0x7e, 0x7e, 0x7e]); // short, empty, empty
        let mut bad = GOLDEN_WIRE;
        bad[20] ^= 0x01; // one data bit flipped
        s.extend_from_slice(&bad[1..]);
        s.extend(core::iter::repeat_n(0x55, 100)); // over-long
        s.push(FLAG);
        let framer = Framer {
            acfc: true,
            pfc: true,
            ..Framer::new()
        };
        let mut out = [0u8; 64];
        let n = framer
            .frame(
                PppProtocol::Ipv4,
                &[0x45, 0x00, 0x00, 0x14, 0x7e, 0x7d, 0x11],
                &mut out,
            )
            .unwrap();
        s.extend_from_slice(&out[..n]);
        s.extend_from_slice(&[0x21, 0x45, 0x7d]); // unterminated, inside an escape
        s
    }

    fn chunkings(len: usize, seed: u64) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for size in [1usize, 2, 3, 7, 64, 4096] {
            out.push((0..len).step_by(size).collect());
        }
        let mut rng = Rng(seed);
        for _ in 0..25 {
            let mut cuts: Vec<usize> = (0..rng.below(40) + 1).map(|_| rng.below(len + 1)).collect();
            cuts.push(0);
            cuts.sort_unstable();
            out.push(cuts);
        }
        out
    }

    fn split_at_cuts<'s>(s: &'s [u8], cuts: &[usize]) -> Vec<&'s [u8]> {
        let mut v = Vec::new();
        for (i, &c) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).copied().unwrap_or(s.len());
            v.push(&s[c..end]);
        }
        v
    }

    #[test]
    fn synthetic_stream_events() {
        let s = synthetic_stream();
        let (events, frames, _) =
            run_with(Deframer::new([0u8; 64]), [&s[..]], Rx::Fixed(DEFAULT_ACCM));
        let second = GOLDEN_WIRE.len() as u64;
        let kinds: Vec<&str> = events
            .iter()
            .map(|e| e.split([' ', '(']).next().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "Frame",
                "Frame",
                "Aborted",
                "Short",
                "Frame",
                "TooLong",
                "Frame",
                "Unterminated"
            ]
        );
        assert_eq!(frames.len(), 4);
        assert!(frames[0].ok && frames[1].ok && !frames[2].ok && frames[3].ok);
        assert_eq!(frames[1].data, GOLDEN_FRAME);
        assert_eq!(frames[1].offset, second);
        assert_eq!(
            frames[2].data[..],
            {
                let mut g = GOLDEN_FRAME;
                g[11] ^= 1; // wire byte 20 is frame byte 11 (MRU low byte 0xdc)
                g
            }[..]
        );
        assert_eq!(
            frames[3].data,
            [0x21, 0x45, 0x00, 0x00, 0x14, 0x7e, 0x7d, 0x11]
        );
        // Offsets by construction: the second frame takes 52 wire bytes + 11 inserted
        // XON/XOFF (through 115); the aborted frame (its raw 0x03 dropped by the ACCM: 3
        // bytes) 116..121; the short one 122..125; two empty frames; the bad-FCS frame
        // 128..179; the over-long one from 180; the IPv4 frame's flag at 281, 18 bytes;
        // the unterminated frame from 299 (21 45 and a pending escape).
        assert_eq!(frames[2].offset, 128);
        assert_eq!(frames[3].offset, 282);
        let expected = [
            Event::Aborted {
                offset: 116,
                len: 3,
            },
            Event::Short {
                offset: 122,
                len: 3,
            },
            Event::TooLong {
                offset: 180,
                limit: 64,
            },
            Event::Unterminated {
                offset: 299,
                len: 2,
            },
        ];
        for (i, e) in [2, 3, 5, 7].into_iter().zip(expected) {
            assert_eq!(events[i], format!("{e:?}"));
        }
        assert_eq!(events, reference(&s, DEFAULT_ACCM, FcsKind::Fcs16, 64));
    }

    #[test]
    fn chunking_does_not_change_events() {
        let mut streams: Vec<(Vec<u8>, Rx)> = STREAMS
            .iter()
            .map(|(f, _, _)| (read(f), Rx::Follow))
            .collect();
        streams.push((read(STREAMS[1].0), Rx::Fixed(0x000a_0000)));
        streams.push((read("vectors/seed_story_hdlc.bin"), Rx::Fixed(DEFAULT_ACCM)));
        streams.push((synthetic_stream(), Rx::Fixed(DEFAULT_ACCM)));
        streams.push((synthetic_stream(), Rx::Fixed(0x000a_0000)));
        streams.push((synthetic_stream(), Rx::Fixed(0)));
        for (k, (s, rx)) in streams.iter().enumerate() {
            let small = || Deframer::new(vec![0u8; 64]);
            let whole = run_with(small(), [&s[..]], *rx);
            let whole_big = run([&s[..]], *rx);
            for cuts in chunkings(s.len(), k as u64 + 1) {
                let chunks = split_at_cuts(s, &cuts);
                assert_eq!(
                    run_with(small(), chunks.iter().copied(), *rx),
                    whole,
                    "stream {k} cuts {cuts:?}"
                );
                assert_eq!(
                    run(chunks.iter().copied(), *rx),
                    whole_big,
                    "stream {k} cuts {cuts:?}"
                );
            }
            // Every two-piece split.
            for cut in 0..=s.len() {
                assert_eq!(
                    run([&s[..cut], &s[cut..]], *rx),
                    whole_big,
                    "stream {k} cut {cut}"
                );
            }
        }
    }

    // ---- the seed story vectors ----------------------------------------------------------

    /// The value of `key` in a one-line JSON object (strings unquoted, up to the first
    /// quote: enough for the fields read here).
    fn json_field<'a>(obj: &'a str, key: &str) -> &'a str {
        let pat = format!("\"{key}\": ");
        let at = obj.find(&pat).unwrap_or_else(|| panic!("{key} in {obj}")) + pat.len();
        let rest = &obj[at..];
        match rest.strip_prefix('"') {
            Some(r) => &r[..r.find('"').unwrap()],
            None => rest[..rest.find([',', '}', '\n']).unwrap()].trim(),
        }
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn seed_story_hdlc_vectors() {
        let bin = read("vectors/seed_story_hdlc.bin");
        let index_text = read_text("vectors/seed_story_hdlc_index.json");
        let index: Vec<(usize, usize, usize, &str)> = index_text
            .split('{')
            .skip(1)
            .map(|o| {
                (
                    json_field(o, "index").parse().unwrap(),
                    json_field(o, "offset").parse().unwrap(),
                    json_field(o, "len").parse().unwrap(),
                    json_field(o, "fcs"),
                )
            })
            .collect();
        let story = read_text("vectors/seed_story.jsonl");
        let messages: Vec<&str> = story.lines().collect();
        assert_eq!(index.len(), 19);

        let (events, frames, _) = run_whole(&bin, Rx::Fixed(DEFAULT_ACCM));
        assert_eq!((events.len(), frames.len()), (19, 19));
        let mut out = [0u8; 128];
        for (g, &(i, offset, len, fcs_hex)) in frames.iter().zip(&index) {
            assert!(g.ok, "message {i}");
            let m = messages[i];
            assert_eq!(json_field(m, "index").parse::<usize>().unwrap(), i);
            // Position: the frame's opening flag at `offset`, its closing flag last.
            assert_eq!(g.offset as usize, offset + 1);
            assert_eq!((g.offset + g.wire_len) as usize, offset + len - 1);
            // Contents: FF 03, the protocol of the layer, the logged information field.
            let protocol = match json_field(m, "layer") {
                "lcp" => PppProtocol::Lcp,
                "pap" => PppProtocol::Pap,
                "ccp" => PppProtocol::Ccp,
                "ipcp" => PppProtocol::Ipcp,
                other => panic!("{other}"),
            };
            let info = unhex(json_field(m, "hex"));
            let ppp = PppFrame::parse(&g.data[..]).unwrap();
            assert!(ppp.has_address_control());
            assert_eq!(ppp.protocol(), protocol, "message {i}");
            assert_eq!(ppp.payload(), &info[..], "message {i}");
            // The trace's own mnemonic: "LCP ConfReq 01 len 26 ...".
            let summary: Vec<&str> = json_field(m, "summary").split(' ').collect();
            let code = match summary[1] {
                "ConfReq" | "AuthReq" => 1,
                "ConfAck" | "AuthAck" => 2,
                "ConfNak" => 3,
                "ConfRej" => 4,
                "ProtRej" => 8,
                other => panic!("{other}"),
            };
            assert_eq!(info[0], code, "message {i}");
            assert_eq!(info[1], u8::from_str_radix(summary[2], 16).unwrap());
            assert_eq!(summary[3], "len");
            assert_eq!(
                u16::from_be_bytes([info[2], info[3]]).to_string(),
                summary[4]
            );
            // FCS as the index gives it (wire order).
            let carried = FcsKind::Fcs16.compute(&g.data) as u16;
            assert_eq!(
                format!("{:02x}{:02x}", carried as u8, carried >> 8),
                fcs_hex
            );
            // Re-emitted byte for byte with the default framing.
            let n = Framer::new().frame(protocol, &info, &mut out).unwrap();
            assert_eq!(&out[..n], &bin[offset..offset + len], "message {i}");
        }
    }

    // ---- RFC 1662 rules -----------------------------------------------------------------

    /// Events of one whole input, with a 32-byte buffer.
    fn events(input: &[u8], accm: u32, fcs: FcsKind) -> Vec<String> {
        let mut d = Deframer::new([0u8; 32]).with_accm(accm).with_fcs(fcs);
        let mut v = Vec::new();
        d.push(input, |e| v.push(format!("{e}")));
        if let Some(e) = d.finish() {
            v.push(e.to_string());
        }
        v
    }

    #[test]
    fn abort_sequence() {
        // 7D 7E aborts; the 7E also opens the next frame.
        let mut s = vec![0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x7d, 0x7e];
        s.extend_from_slice(&GOLDEN_WIRE[1..]);
        assert_eq!(
            events(&s, DEFAULT_ACCM, FcsKind::Fcs16)[..1],
            ["PPP-HDLC frame @1 aborted after 3 bytes"]
        );
        let mut d = Deframer::new([0u8; 32]);
        let mut input = &s[..];
        assert_eq!(
            d.decode(&mut input),
            Some(Event::Aborted { offset: 1, len: 3 })
        );
        let Some(Event::Frame(f)) = d.decode(&mut input) else {
            panic!()
        };
        assert_eq!((f.offset, f.fcs_ok, f.data), (7, true, &GOLDEN_FRAME[..]));
        // An ACCM-flagged character between 7D and 7E is dropped first: still an abort.
        assert_eq!(
            events(
                &[0x7e, 0x41, 0x7d, 0x11, 0x7e],
                DEFAULT_ACCM,
                FcsKind::Fcs16
            ),
            ["PPP-HDLC frame @1 aborted after 1 bytes"]
        );
        // An abort right after a flag is reported with no bytes.
        assert_eq!(
            events(&[0x7e, 0x7d, 0x7e], DEFAULT_ACCM, FcsKind::Fcs16),
            ["PPP-HDLC frame @1 aborted after 0 bytes"]
        );
    }

    #[test]
    fn short_and_empty_frames() {
        assert!(events(&[0x7e, 0x7e, 0x7e], DEFAULT_ACCM, FcsKind::Fcs16).is_empty());
        for (input, fcs, expected) in [
            (
                &[0x7e, 0x41, 0x7e][..],
                FcsKind::Fcs16,
                "@1 too short (1 bytes)",
            ),
            (
                &[0x7e, 0x41, 0x01, 0x42, 0x43, 0x7e],
                FcsKind::Fcs16,
                "@1 too short (3 bytes)",
            ),
            (
                &[0x7e, 0x7d, 0x5e, 0x7e],
                FcsKind::Fcs16,
                "@1 too short (1 bytes)",
            ),
            (
                &[0x7e, 0x41, 0x42, 0x43, 0x44, 0x45, 0x7e],
                FcsKind::Fcs32,
                "@1 too short (5 bytes)",
            ),
        ] {
            assert_eq!(
                events(input, DEFAULT_ACCM, fcs),
                [format!("PPP-HDLC frame {expected}, discarded")]
            );
        }
        // Four bytes are a frame (bad FCS here), however little sense they make.
        let e = events(
            &[0x7e, 0x41, 0x42, 0x43, 0x44, 0x7e],
            DEFAULT_ACCM,
            FcsKind::Fcs16,
        );
        let computed = FcsKind::Fcs16.compute(&[0x41, 0x42]);
        assert_eq!(
            e,
            [format!(
                "PPP-HDLC frame @1, 2 bytes, FCS-16 0x4443 bad (computed {computed:#06x})"
            )]
        );
        // Characters the ACCM drops do not count.
        assert!(events(&[0x7e, 0x11, 0x13, 0x7e], DEFAULT_ACCM, FcsKind::Fcs16).is_empty());
    }

    #[test]
    fn accm_flagged_characters_are_dropped_before_unescaping_and_fcs() {
        // GOLDEN_WIRE with XON/XOFF (flagged in 0x000a0000) after every byte, and one
        // between 7D and the octet it escapes.
        let mut s = Vec::new();
        for &b in &GOLDEN_WIRE {
            s.push(b);
            s.push(0x11);
            s.push(0x13);
        }
        for accm in [DEFAULT_ACCM, 0x000a_0000] {
            let mut d = Deframer::new([0u8; 32]).with_accm(accm);
            let mut n = 0;
            d.push(&s, |e| {
                let f = e.frame().unwrap();
                assert_eq!((f.data, f.fcs_ok), (&GOLDEN_FRAME[..], true));
                assert_eq!(f.wire_len, 51 * 3 + 2);
                n += 1;
            });
            assert_eq!(n, 1);
        }
        // Not flagged: kept as data (and an escape then applies to them), and the FCS says
        // so. 2 + 51 * 3 bytes between the flags, 21 of them escapes, the FCS: 132 left.
        let mut d = Deframer::new([0u8; 256]).with_accm(0x0000_0800);
        let mut n = 0;
        d.push(&s, |e| {
            let f = e.frame().unwrap();
            assert!(!f.fcs_ok);
            assert_eq!(f.data.len(), 2 + 51 * 3 - 21 - 2);
            n += 1;
        });
        assert_eq!(n, 1);
        // Raw control characters an ACCM of 0 lets through are data.
        let mut d = Deframer::new([0u8; 32]).with_accm(0);
        let framer = Framer {
            accm: 0,
            ..Framer::new()
        };
        let mut out = [0u8; 64];
        let n = framer
            .frame_raw(&[0x21, 0x00, 0x11, 0x13, 0x1f], &mut out)
            .unwrap();
        assert_eq!(&out[..6], &[0x7e, 0x21, 0x00, 0x11, 0x13, 0x1f]);
        d.push(&out[..n], |e| {
            assert_eq!(e.frame().unwrap().data, &[0x21, 0x00, 0x11, 0x13, 0x1f]);
        });
    }

    #[test]
    fn escapes_follow_the_rfc() {
        // 7D x is x ^ 0x20 for any x: 7D 7D is 0x5D, 7D 41 is 0x61 (a needless escape).
        let frame = [0x21, 0x5d, 0x61, 0x7e, 0x7d];
        let fcs = FcsKind::Fcs16.compute(&frame).to_le_bytes();
        assert!(fcs[..2].iter().all(|&b| b != FLAG && b != CONTROL_ESCAPE));
        let mut s = vec![0x7e, 0x21, 0x7d, 0x7d, 0x7d, 0x41, 0x7d, 0x5e, 0x7d, 0x5d];
        s.extend_from_slice(&fcs[..2]);
        s.push(0x7e);
        let mut d = Deframer::new([0u8; 32]).with_accm(0);
        let mut n = 0;
        d.push(&s, |e| {
            let f = e.frame().unwrap();
            assert_eq!((f.data, f.fcs_ok), (&frame[..], true));
            n += 1;
        });
        assert_eq!(n, 1);
    }

    #[test]
    fn bad_fcs_is_reported_not_dropped() {
        let mut s = GOLDEN_WIRE;
        s[51] ^= 0x80; // FCS high byte
        let mut d: Deframer = Deframer::default();
        let mut input = &s[..];
        let Some(Event::Frame(f)) = d.decode(&mut input) else {
            panic!()
        };
        assert_eq!(f.data, &GOLDEN_FRAME[..]);
        assert_eq!(
            (f.fcs_ok, f.fcs_carried, f.fcs_computed),
            (false, 0x7164, 0xf164)
        );
        assert_eq!(
            f.to_string(),
            "PPP-HDLC frame @1, 28 bytes, FCS-16 0x7164 bad (computed 0xf164)"
        );
    }

    #[test]
    fn over_long_frames_are_reported_and_skipped() {
        // A buffer of exactly 30 bytes holds the worked example (28 + FCS).
        let mut d = Deframer::new([0u8; 30]);
        let mut input = &GOLDEN_WIRE[..];
        assert!(matches!(d.decode(&mut input), Some(Event::Frame(f)) if f.fcs_ok));
        // 29 bytes are one too few; the overflow happens on an escaped byte (the FCS's
        // last byte, 0xf1, is plain: the 29th byte is 0x64... either way it is reported
        // once, at the overflow, and the next frame is intact).
        for cap in [0usize, 1, 3, 20, 29] {
            let mut d = Deframer::new(vec![0u8; cap]);
            let mut s = GOLDEN_WIRE.to_vec();
            s.extend_from_slice(&[0x7d, 0x20, 0x7e]); // a short frame after it
            let mut got = Vec::new();
            d.push(&s, |e| got.push(e.to_string()));
            let mut want = vec![format!(
                "PPP-HDLC frame @1 longer than {cap} bytes, skipped to the next flag"
            )];
            if cap >= 1 {
                want.push(
                    "PPP-HDLC frame @53, too short (1 bytes), discarded".replace("@53,", "@53"),
                );
            } else {
                want.push(
                    "PPP-HDLC frame @53 longer than 0 bytes, skipped to the next flag".into(),
                );
            }
            assert_eq!(got, want, "capacity {cap}");
        }
        // Overflow on an escaped byte (7D 23, the control field): the event comes with the
        // input consumed up to the byte that did not fit (the flag and FF).
        let mut d = Deframer::new([0u8; 1]);
        let mut input = &GOLDEN_WIRE[..];
        assert_eq!(
            d.decode(&mut input),
            Some(Event::TooLong {
                offset: 1,
                limit: 1
            })
        );
        assert_eq!(input.len(), GOLDEN_WIRE.len() - 2);
        assert_eq!(d.decode(&mut input), None);
        assert_eq!(d.capacity(), 1);
    }

    #[test]
    fn unterminated_and_garbage_before_the_first_flag() {
        let mut d: Deframer = Deframer::default();
        d.push(&GOLDEN_WIRE[..20], |_| panic!("no event yet"));
        assert_eq!(d.pending(), 11);
        assert_eq!(d.finish(), Some(Event::Unterminated { offset: 1, len: 11 }));
        assert_eq!(d.finish(), None);
        // A stream picked up mid-frame: the bytes before the first flag are a frame.
        let mut d: Deframer = Deframer::default();
        let mut got = Vec::new();
        d.push(&GOLDEN_WIRE[10..], |e| got.push(e.to_string()));
        let computed = FcsKind::Fcs16.compute(&GOLDEN_FRAME[6..]);
        assert_eq!(
            got,
            [format!(
                "PPP-HDLC frame @0, 22 bytes, FCS-16 0xf164 bad (computed {computed:#06x})"
            )]
        );
        // reset() drops the frame in progress.
        let mut d: Deframer = Deframer::default();
        d.push(&GOLDEN_WIRE[..10], |_| {});
        d.reset();
        let mut got = Vec::new();
        d.push(&GOLDEN_WIRE[10..], |e| got.push(format!("{}", e.offset())));
        assert_eq!(got, ["10"]);
    }

    // ---- the framer ---------------------------------------------------------------------

    #[test]
    fn framer_applies_acfc_pfc_and_the_lcp_rules() {
        let negotiated = Framer {
            accm: 0,
            acfc: true,
            pfc: true,
            ..Framer::new()
        };
        let mut out = [0u8; 64];
        // IPv4 under ACFC and PFC: protocol 0x21 alone, no escaping of 0x00.
        let n = negotiated
            .frame(PppProtocol::Ipv4, &[0x45, 0x00], &mut out)
            .unwrap();
        let fcs = FcsKind::Fcs16.compute(&[0x21, 0x45, 0x00]).to_le_bytes();
        assert_eq!(&out[..n], &[0x7e, 0x21, 0x45, 0x00, fcs[0], fcs[1], 0x7e]);
        // IPCP cannot be compressed: two bytes.
        let n = negotiated
            .frame(PppProtocol::Ipcp, &[0x01], &mut out)
            .unwrap();
        assert_eq!(&out[1..3], &[0x80, 0x21]);
        assert!(n >= 6);
        // LCP Echo-Request (ppp_pap.sent.bin @158): FF 03 and the default ACCM by default,
        // ACFC and ACCM 0 the way pppd sends it under ConfigureCodes.
        let echo = [0x09, 0x00, 0x00, 0x08, 0x2c, 0x70, 0x0c, 0x9a];
        let n = negotiated.frame(PppProtocol::Lcp, &echo, &mut out).unwrap();
        assert_eq!(
            &out[..n - 3],
            &[
                0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x21, 0x7d, 0x29, 0x7d, 0x20, 0x7d, 0x20, 0x7d, 0x28,
                0x2c, 0x70, 0x7d, 0x2c, 0x9a
            ]
        );
        assert_eq!(n, 22);
        let pppd = Framer {
            lcp: LcpFraming::ConfigureCodes,
            opening_flag: false,
            ..negotiated
        };
        let n = pppd.frame(PppProtocol::Lcp, &echo, &mut out).unwrap();
        assert_eq!(
            &out[..n],
            &[
                0xc0, 0x21, 0x09, 0x00, 0x00, 0x08, 0x2c, 0x70, 0x0c, 0x9a, 0xde, 0xd6, 0x7e
            ]
        );
        // Extended ACCM: 0x80-0x9f escaped too.
        let ext = Framer {
            accm: 0,
            extended_accm: 1 << 0x11,
            ..Framer::new()
        };
        let n = ext.frame_raw(&[0x21, 0x91, 0x92, 0x11], &mut out).unwrap();
        assert_eq!(&out[1..6], &[0x21, 0x7d, 0xb1, 0x92, 0x11]);
        assert!(n > 6);
    }

    #[test]
    fn framer_rejects_small_buffers_and_bad_protocols() {
        // The exact size needed is reported: 53 bytes for the worked example.
        for size in [0usize, 1, 30, 52] {
            let mut out = vec![0u8; size];
            let e = Framer::new()
                .frame_raw(&GOLDEN_FRAME, &mut out)
                .unwrap_err();
            assert_eq!(e.protocol(), Protocol::PppHdlc);
            assert_eq!(
                (e.offset(), e.kind()),
                (
                    0,
                    ErrorKind::BufferTooSmall {
                        needed: 53,
                        available: size as u32
                    }
                )
            );
        }
        let mut out = [0u8; 53];
        assert_eq!(Framer::new().frame_raw(&GOLDEN_FRAME, &mut out), Ok(53));
        // A protocol number with an even low byte cannot be sent (RFC 1661 §2).
        let e = Framer::new()
            .frame(PppProtocol::Unknown(0x0100), &[], &mut out)
            .unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Ppp,
                0,
                ErrorKind::BadValue {
                    field: Field::Code,
                    value: 0x100
                }
            )
        );
    }

    #[test]
    fn worst_case_size_is_reached_and_never_exceeded() {
        // Information of flags and escapes, a header that escapes (FF 7D 23 ...) and an FCS
        // that happens to escape as well can only approach 2 + 2 * (n + fcs).
        let f = Framer::new();
        let mut out = vec![0u8; 4096];
        let info = [FLAG; 40];
        let n = f.frame(PppProtocol::Lcp, &info, &mut out).unwrap();
        assert!(n <= f.max_framed_len(info.len()));
        assert_eq!(n, 2 + 1 + 2 + 2 + 80 + fcs_wire_len(&out[..n]));
        // An unescaped frame all of whose bytes and FCS bytes are control characters
        // reaches the bound exactly under the default ACCM.
        let mut rng = Rng(99);
        let mut found = false;
        for _ in 0..20000 {
            let x: Vec<u8> = (0..6).map(|_| (rng.next() % 0x20) as u8).collect();
            let fcs = FcsKind::Fcs16.compute(&x).to_le_bytes();
            if fcs[0] < 0x20 && fcs[1] < 0x20 {
                let n = f.frame_raw(&x, &mut out).unwrap();
                assert_eq!(n, max_framed_len(6, FcsKind::Fcs16));
                found = true;
                break;
            }
        }
        assert!(found);
        assert_eq!(max_framed_len(usize::MAX, FcsKind::Fcs32), usize::MAX);
        assert_eq!(frame_capacity(1500, FcsKind::Fcs16), 1506);
        assert_eq!(DEFAULT_CAPACITY, 1508);
    }

    /// Wire bytes of the FCS at the end of a framed buffer (2 to 4 for FCS-16).
    fn fcs_wire_len(framed: &[u8]) -> usize {
        let body = &framed[..framed.len() - 1];
        let mut n = 0;
        let mut i = body.len();
        let mut octets = 0;
        while octets < 2 {
            if i >= 2 && body[i - 2] == CONTROL_ESCAPE {
                n += 2;
                i -= 2;
            } else {
                n += 1;
                i -= 1;
            }
            octets += 1;
        }
        n
    }

    // ---- the block path -----------------------------------------------------------------

    /// Bytes for the block path: mostly 0x7d (often in a row), flags, control characters
    /// and the octets that follow escapes, with stretches of ordinary bytes of any length.
    fn escape_rich(rng: &mut Rng, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n);
        while v.len() < n {
            match rng.below(12) {
                0..=2 => v.push(CONTROL_ESCAPE),
                3 => v.extend_from_slice(&[CONTROL_ESCAPE; 3][..1 + rng.below(3)]),
                4 => v.push(FLAG),
                5 => v.push(rng.below(0x20) as u8),
                6 => v.push([0x5d, 0x5e, 0x20, 0x3f][rng.below(4)]),
                7 => {
                    let run = rng.below(80);
                    v.extend((0..run).map(|_| 0x20 + rng.below(0x5d) as u8));
                }
                _ => v.push(rng.next() as u8),
            }
        }
        v.truncate(n);
        v
    }

    #[test]
    fn block_helpers_match_their_definitions() {
        let mut rng = Rng(0xb10c);
        for _ in 0..20_000 {
            // Maps dense and sparse.
            let map = match rng.below(3) {
                0 => rng.next(),
                1 => rng.next() & rng.next() & rng.next(),
                _ => rng.next() & rng.next() & rng.next() & rng.next() & rng.next(),
            };
            let t = transpose8(map);
            for r in 0..8 {
                for c in 0..8 {
                    assert_eq!((map >> (8 * r + c)) & 1, (t >> (8 * c + r)) & 1);
                }
            }
            // real_escapes: taken in order, each escape consumes the byte after it.
            let mut real = 0u64;
            let mut k = 0;
            while k < 64 {
                if (map >> k) & 1 == 1 {
                    real |= 1 << k;
                    k += 2;
                } else {
                    k += 1;
                }
            }
            assert_eq!(real_escapes(map), real, "{map:#x}");
            // long_run_after: some escape's octet is more than 32 bytes before the next
            // escape or `end` (positions past 63 are outside the map).
            for end in [0usize, 1, 31, 32, 33, 40, 63, 64, 65] {
                let escapes = real & if end >= 64 { u64::MAX } else { (1 << end) - 1 };
                let positions: Vec<usize> = (0..64).filter(|&b| (escapes >> b) & 1 == 1).collect();
                let long = positions.iter().enumerate().any(|(j, &p)| {
                    let next = positions.get(j + 1).copied().unwrap_or(end.min(64));
                    next - (p + 1) > 32
                });
                assert_eq!(long_run_after(escapes, end), long, "{escapes:#x} {end}");
            }
        }
    }

    /// [`unescape_block`]'s contract, a byte at a time.
    fn unescape_block_model(input: &[u8], avail: usize, controls: bool) -> (usize, Vec<u8>) {
        let stops = |b: u8| b == FLAG || (controls && b < 0x20);
        let limit = input[..avail.min(BLOCK)]
            .iter()
            .position(|&b| stops(b))
            .unwrap_or(avail.min(BLOCK));
        let (mut i, mut out) = (0, Vec::new());
        while i < limit {
            let b = input[i];
            if b != CONTROL_ESCAPE {
                out.push(b);
                i += 1;
            } else if i + 1 < limit
                || (i + 1 == BLOCK && limit == BLOCK && avail > BLOCK && !stops(input[BLOCK]))
            {
                out.push(input[i + 1] ^ ESCAPE_XOR);
                i += 2;
            } else {
                break;
            }
        }
        (i, out)
    }

    #[test]
    fn unescape_block_matches_a_byte_loop() {
        let mut rng = Rng(0x64);
        for round in 0..40_000 {
            let bytes = escape_rich(&mut rng, SPAN);
            let mut input = [0u8; SPAN];
            input.copy_from_slice(&bytes);
            // Flags and control characters rarer in half the rounds, for whole blocks.
            if round % 2 == 0 {
                for b in &mut input {
                    if *b == FLAG || *b < 0x20 {
                        *b = CONTROL_ESCAPE;
                    }
                }
                if rng.below(3) == 0 {
                    input[rng.below(SPAN)] = [FLAG, 0x11, 0x00][rng.below(3)];
                }
            }
            let avail = if rng.below(2) == 0 {
                SPAN
            } else {
                1 + rng.below(SPAN)
            };
            for controls in [false, true] {
                let mut out = [0xa5u8; SPAN];
                let (used, made) = if controls {
                    unescape_block::<true>(&input, &mut out, avail)
                } else {
                    unescape_block::<false>(&input, &mut out, avail)
                };
                let (want_used, want) = unescape_block_model(&input, avail, controls);
                assert_eq!(
                    (used, &out[..made]),
                    (want_used, &want[..]),
                    "round {round} avail {avail} controls {controls}: {input:02x?}"
                );
            }
        }
    }

    #[test]
    fn long_frames_agree_with_the_reference() {
        let mut rng = Rng(0x1500);
        for round in 0..600 {
            // A few long frames, framed with either ACCM, some damaged, some with raw
            // control characters or aborts inserted.
            let mut stream = Vec::new();
            let mut out = vec![0u8; 8000];
            for _ in 0..1 + rng.below(3) {
                let n = rng.below(1700);
                let body = match rng.below(3) {
                    0 => rng.bytes(n),
                    1 => escape_rich(&mut rng, n),
                    _ => (0..n).map(|_| 0x20 + rng.below(0x5d) as u8).collect(),
                };
                let f = Framer {
                    accm: [0, DEFAULT_ACCM, 0x000a_0000][rng.below(3)],
                    fcs: [FcsKind::Fcs16, FcsKind::Fcs32][rng.below(2)],
                    ..Framer::new()
                };
                let k = f.frame_raw(&body, &mut out).unwrap();
                stream.extend_from_slice(&out[..k]);
                for _ in 0..rng.below(4) {
                    let at = rng.below(stream.len());
                    let junk: &[u8] =
                        [&[0x11][..], &[0x00], &[0x7d, 0x7e], &[0x7d, 0x7d], &[0x7e]][rng.below(5)];
                    stream.splice(at..at, junk.iter().copied());
                }
            }
            let accm = [DEFAULT_ACCM, DEFAULT_ACCM, 0, 0x000a_0000][rng.below(4)];
            let fcs = [FcsKind::Fcs16, FcsKind::Fcs32][rng.below(2)];
            let cap = [DEFAULT_CAPACITY, 1600, 2000, 300, 97, 95, 64][rng.below(7)];
            let want = reference(&stream, accm, fcs, cap);
            let all_cuts = chunkings(stream.len(), round);
            for cuts in [&all_cuts[5], &all_cuts[4], &all_cuts[6 + rng.below(25)]] {
                let mut d = Deframer::new(vec![0u8; cap]).with_accm(accm).with_fcs(fcs);
                let mut got = Vec::new();
                for chunk in split_at_cuts(&stream, cuts) {
                    d.push(chunk, |e| got.push(format!("{e:?}")));
                }
                got.extend(d.finish().map(|e| format!("{e:?}")));
                assert_eq!(got, want, "round {round}: accm {accm:#x} {fcs} cap {cap}");
            }
        }
    }

    #[test]
    fn debug_and_display() {
        let d: Deframer = Deframer::default().with_accm(0x000a_0000);
        assert_eq!(
            format!("{d:?}"),
            "Deframer { pending: 0, state: Data, accm: 0x000a0000, fcs: Fcs16, position: 0, .. }"
        );
        assert_eq!(
            Event::TooLong {
                offset: 7,
                limit: 1508
            }
            .to_string(),
            "PPP-HDLC frame @7 longer than 1508 bytes, skipped to the next flag"
        );
        assert_eq!(
            Event::Unterminated { offset: 7, len: 3 }.to_string(),
            "PPP-HDLC stream ends inside the frame @7 after 3 bytes"
        );
        assert_eq!(FcsKind::Fcs32.to_string(), "FCS-32");
        assert_eq!(Event::Short { offset: 9, len: 1 }.offset(), 9);
        assert!(Event::Short { offset: 9, len: 1 }.frame().is_none());
        let buf = Deframer::new([1u8; 4]).into_inner();
        assert_eq!(buf, [1; 4]);
    }
}
