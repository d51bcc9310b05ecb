//! The Transmission Control Protocol header (RFC 9293 §3.1) with its options: MSS
//! (RFC 9293 §3.2), window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks
//! (RFC 2018), and every other kind kept as raw bytes.
//!
//! ```text
//!  0               2               4                               8
//! +---------------+---------------+-------------------------------+
//! |  source port  |   dest port   |        sequence number        |
//! +---------------+---------------+-------------------------------+
//! |     acknowledgment number     |off|res|N|CEUAPRSF|   window    |
//! +-------------------------------+-------+--------+--------------+
//! |   checksum    | urgent pointer|  options (0–40 bytes) ... | data
//! +---------------+---------------+-------------------------------+
//!  off: data offset in 32-bit words (5–15); N: NS (RFC 3540), the low bit of byte 12
//! ```
//!
//! [`TcpPacket`] is the checked view: [`TcpPacket::parse`] splits off the fixed header with
//! zerocopy and checks the data offset once; every accessor after that is infallible.
//! Options are walked lazily ([`TcpPacket::option_iter`]) or summarised in one pass for the
//! common case ([`TcpPacket::options_summary`]). [`TcpRepr`] is the value to build from;
//! it carries the option bytes as they are (see its docs for why), and
//! [`TcpOptionsSummary::emit`] / [`write_options`] produce them from typed values.
//!
//! ```
//! use codec_inet::pseudo::IpPseudo;
//! use codec_inet::tcp::{TcpFlags, TcpPacket, TcpRepr};
//! use core::net::Ipv4Addr;
//! // The TCP header of ../shared/vectors/syn74.hex: 50000 > 80, SYN, five options.
//! let bytes = [
//!     0xc3, 0x50, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
//!     0xfa, 0xf0, 0xfd, 0x04, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
//!     0x00, 0x9a, 0x2b, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
//! ];
//! let ip = IpPseudo::V4 { src: Ipv4Addr::new(192, 168, 1, 100), dst: Ipv4Addr::new(93, 184, 216, 34) };
//! let tcp = TcpPacket::parse(&bytes[..])?;
//! assert_eq!((tcp.src_port(), tcp.dst_port(), tcp.seq()), (50000, 80, 0x1234_5678));
//! assert_eq!(tcp.flags(), TcpFlags::SYN);
//! assert!(tcp.verify_checksum(&ip));
//! let opts = tcp.options_summary()?;
//! assert_eq!((opts.mss, opts.window_scale, opts.sack_permitted), (Some(1460), Some(7), true));
//! assert_eq!(opts.timestamps.map(|t| t.tsval), Some(0x009a_2b3c));
//!
//! // Emit it again: data offset and checksum are filled in.
//! let repr = TcpRepr::parse(&tcp)?;
//! let mut out = [0u8; 40];
//! assert_eq!(repr.emit(&ip, &mut out)?, 40);
//! assert_eq!(out, bytes);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::ip::IpProtocol;
use crate::pseudo::IpPseudo;
use codec_core::checksum::Checksum;
use codec_core::tlv::{Tlv, TlvFormat, Tlvs};
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// Length of the fixed header (data offset 5).
pub const HEADER_LEN: usize = 20;
/// Largest header: data offset 15.
pub const MAX_HEADER_LEN: usize = 60;
/// Most option bytes a header holds.
pub const MAX_OPTIONS_LEN: usize = MAX_HEADER_LEN - HEADER_LEN;
/// Most SACK blocks one option carries: 2 + 4 × 8 = 34 of the 40 option bytes (RFC 2018 §3).
pub const MAX_SACK_BLOCKS: usize = 4;

/// TCP options: IP's TLV layout (NOP = 1, EOL = 0 ends the list), errors named TCP.
const TCP_OPTIONS: TlvFormat = TlvFormat::IP_OPTIONS.for_protocol(Protocol::Tcp);

/// The fixed 20-byte TCP header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct TcpHeader {
    /// Source port.
    pub src_port: U16,
    /// Destination port.
    pub dst_port: U16,
    /// Sequence number.
    pub seq: U32,
    /// Acknowledgment number (meaningful when ACK is set).
    pub ack: U32,
    /// Data offset in 32-bit words (high 4 bits), 3 reserved bits, and the NS flag (low bit;
    /// RFC 3540, now AccECN's AE, RFC 9768).
    pub offset_ns: u8,
    /// CWR ECE URG ACK PSH RST SYN FIN, high bit to low.
    pub flags: u8,
    /// Receive window (unscaled).
    pub window: U16,
    /// Checksum over the pseudo-header, header, options and data (RFC 9293 §3.1).
    pub checksum: U16,
    /// Urgent pointer (meaningful when URG is set).
    pub urgent: U16,
}

impl TcpHeader {
    /// The 12 bits of reserved bits and flags: `(byte 12 & 0x0f) << 8 | byte 13`.
    #[inline]
    #[must_use]
    pub fn flag_bits(&self) -> u16 {
        (u16::from(self.offset_ns & 0x0f) << 8) | u16::from(self.flags)
    }

    /// Header length in bytes: data offset × 4.
    #[inline]
    #[must_use]
    pub fn header_len(&self) -> usize {
        usize::from(self.offset_ns >> 4) * 4
    }
}

bitflags::bitflags! {
    /// The 12 bits after the data offset (RFC 9293 §3.1, RFC 3168 §6.1 for ECE/CWR,
    /// RFC 3540 for NS). The three reserved bits (0x0e00) are kept as they were, so no value
    /// is lost; they have no name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub struct TcpFlags: u16 {
        /// No more data from sender.
        const FIN = 0x001;
        /// Synchronise sequence numbers.
        const SYN = 0x002;
        /// Reset the connection.
        const RST = 0x004;
        /// Push function.
        const PSH = 0x008;
        /// Acknowledgment field is significant.
        const ACK = 0x010;
        /// Urgent pointer field is significant.
        const URG = 0x020;
        /// ECN-Echo (RFC 3168).
        const ECE = 0x040;
        /// Congestion Window Reduced (RFC 3168).
        const CWR = 0x080;
        /// ECN-nonce concealment protection (RFC 3540, historic; AccECN's AE, RFC 9768).
        const NS = 0x100;
        // The reserved bits: kept, unnamed.
        const _ = 0xe00;
    }
}

impl TcpFlags {
    /// The three reserved bits (RFC 9293 §3.1: must be zero).
    pub const RESERVED_BITS: u16 = 0x0e00;

    /// The flags of a 12-bit value; bits above the 12 are dropped.
    #[inline]
    #[must_use]
    pub const fn from_wire(bits: u16) -> Self {
        TcpFlags::from_bits_retain(bits & 0x0fff)
    }
}

impl fmt::Display for TcpFlags {
    /// Wireshark's way: `SYN, ACK`, lowest bit first; `<none>` when no flag is set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, _) in self.iter_names() {
            if !first {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
            first = false;
        }
        let reserved = self.bits() & Self::RESERVED_BITS;
        if reserved != 0 {
            if !first {
                f.write_str(", ")?;
            }
            write!(f, "reserved {reserved:#05x}")?;
            first = false;
        }
        if first {
            f.write_str("<none>")?;
        }
        Ok(())
    }
}

codec_core::registry! {
    /// TCP option kinds (IANA "TCP Option Kind Numbers").
    pub enum TcpOptionKind: u8 {
        /// End of option list (RFC 9293 §3.2).
        EndOfList = 0 => "EOL",
        /// No operation (RFC 9293 §3.2).
        Nop = 1 => "NOP",
        /// Maximum segment size (RFC 9293 §3.2).
        Mss = 2 => "MSS",
        /// Window scale (RFC 7323 §2).
        WindowScale = 3 => "WS",
        /// SACK permitted (RFC 2018 §2).
        SackPermitted = 4 => "SACK_PERM",
        /// Selective acknowledgment blocks (RFC 2018 §3).
        Sack = 5 => "SACK",
        /// Echo (RFC 1072, obsolete).
        Echo = 6 => "Echo",
        /// Echo reply (RFC 1072, obsolete).
        EchoReply = 7 => "Echo Reply",
        /// Timestamps (RFC 7323 §3).
        Timestamps = 8 => "TS",
        /// Quick-Start response (RFC 4782).
        QuickStart = 27 => "Quick-Start",
        /// MD5 signature (RFC 2385).
        Md5Signature = 19 => "MD5",
        /// User timeout (RFC 5482).
        UserTimeout = 28 => "UTO",
        /// TCP authentication option (RFC 5925).
        Authentication = 29 => "TCP-AO",
        /// Multipath TCP (RFC 8684).
        Multipath = 30 => "MPTCP",
        /// TCP Fast Open cookie (RFC 7413).
        FastOpen = 34 => "TFO",
        /// Experiment 1 (RFC 4727, RFC 6994).
        Experimental1 = 253 => "Experimental",
        /// Experiment 2 (RFC 4727, RFC 6994).
        Experimental2 = 254 => "Experimental",
    }
}

/// One SACK block: the first and one past the last sequence number received (RFC 2018 §3).
/// Laid out as on the wire, so a SACK option's blocks are borrowed without copying.
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct SackBlock {
    /// Left edge: first sequence number of the block.
    pub left: U32,
    /// Right edge: the sequence number after the block's last.
    pub right: U32,
}

impl SackBlock {
    /// A block from its edges.
    #[inline]
    #[must_use]
    pub const fn new(left: u32, right: u32) -> Self {
        SackBlock {
            left: U32::new(left),
            right: U32::new(right),
        }
    }

    /// Left edge.
    #[inline]
    #[must_use]
    pub fn left(&self) -> u32 {
        self.left.get()
    }

    /// Right edge.
    #[inline]
    #[must_use]
    pub fn right(&self) -> u32 {
        self.right.get()
    }
}

impl Default for SackBlock {
    fn default() -> Self {
        SackBlock::new(0, 0)
    }
}

impl fmt::Debug for SackBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.left(), self.right())
    }
}

/// The timestamps option's two values (RFC 7323 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TcpTimestamps {
    /// TSval: the sender's timestamp clock.
    pub tsval: u32,
    /// TSecr: the TSval echoed (valid when ACK is set).
    pub tsecr: u32,
}

/// One TCP option, decoded, borrowing from the option bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpOption<'a> {
    /// End of option list (kind 0); the bytes after it are padding.
    EndOfList,
    /// No operation (kind 1), used to align the next option.
    Nop,
    /// Maximum segment size (kind 2, length 4).
    Mss(u16),
    /// Window scale shift count (kind 3, length 3).
    WindowScale(u8),
    /// SACK permitted (kind 4, length 2).
    SackPermitted,
    /// SACK blocks (kind 5, length 2 + 8n, 1 ≤ n ≤ 4), as they lie in the packet.
    Sack(&'a [SackBlock]),
    /// Timestamps (kind 8, length 10).
    Timestamps(TcpTimestamps),
    /// Any other kind, its value kept as bytes. With a kind decoded above it writes that
    /// kind raw, which is how a test tool crafts a malformed option.
    Other {
        /// The kind.
        kind: TcpOptionKind,
        /// The value, after kind and length.
        data: &'a [u8],
    },
}

impl<'a> TcpOption<'a> {
    /// Decodes one element of the option list. `base` is added to error offsets (the
    /// element's offset is relative to the walked bytes).
    ///
    /// # Errors
    /// [`BadLength`](ErrorKind::BadLength) of the option length when a kind decoded here has
    /// the wrong length for it.
    #[inline]
    pub fn from_tlv(tlv: Tlv<'a>, base: usize) -> Result<Self> {
        let kind = tlv.kind as u8;
        let v = tlv.value;
        let opt = match (kind, v) {
            (0, _) if tlv.header_len == 0 => TcpOption::EndOfList,
            (1, _) if tlv.header_len == 0 => TcpOption::Nop,
            (2, &[a, b]) => TcpOption::Mss(u16::from_be_bytes([a, b])),
            (3, &[s]) => TcpOption::WindowScale(s),
            (4, []) => TcpOption::SackPermitted,
            (5, _) if !v.is_empty() && v.len() <= 8 * MAX_SACK_BLOCKS => {
                match <[SackBlock]>::ref_from_bytes(v) {
                    Ok(blocks) => TcpOption::Sack(blocks),
                    Err(_) => return Err(bad_option_length(&tlv, base)),
                }
            }
            (8, &[a, b, c, d, e, f, g, h]) => TcpOption::Timestamps(TcpTimestamps {
                tsval: u32::from_be_bytes([a, b, c, d]),
                tsecr: u32::from_be_bytes([e, f, g, h]),
            }),
            (0..=5 | 8, _) => return Err(bad_option_length(&tlv, base)),
            _ => TcpOption::Other {
                kind: TcpOptionKind::from_value(kind),
                data: v,
            },
        };
        Ok(opt)
    }

    /// The option's kind.
    #[inline]
    #[must_use]
    pub const fn kind(&self) -> TcpOptionKind {
        match self {
            TcpOption::EndOfList => TcpOptionKind::EndOfList,
            TcpOption::Nop => TcpOptionKind::Nop,
            TcpOption::Mss(_) => TcpOptionKind::Mss,
            TcpOption::WindowScale(_) => TcpOptionKind::WindowScale,
            TcpOption::SackPermitted => TcpOptionKind::SackPermitted,
            TcpOption::Sack(_) => TcpOptionKind::Sack,
            TcpOption::Timestamps(_) => TcpOptionKind::Timestamps,
            TcpOption::Other { kind, .. } => *kind,
        }
    }

    /// Bytes the option takes on the wire.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        match self {
            TcpOption::EndOfList | TcpOption::Nop => 1,
            TcpOption::Mss(_) => 4,
            TcpOption::WindowScale(_) => 3,
            TcpOption::SackPermitted => 2,
            TcpOption::Sack(blocks) => 2 + 8 * blocks.len(),
            TcpOption::Timestamps(_) => 10,
            TcpOption::Other { data, .. } => 2 + data.len(),
        }
    }

    /// Writes the option at `w`'s position.
    ///
    /// # Errors
    /// A buffer error when it does not fit; [`TooLong`](ErrorKind::TooLong) for more than
    /// four SACK blocks or a value over 253 bytes; [`BadValue`](ErrorKind::BadValue) for an
    /// `Other` of kind EOL or NOP (those have no length byte).
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        let at = w.position();
        let start = |w: &mut Writer<'_>, kind: u8, len: usize| -> Result<()> {
            let total = w.position().saturating_add(len);
            if w.remaining() < len {
                return Err(Error::buffer_too_small(
                    Protocol::Tcp,
                    total,
                    w.position().saturating_add(w.remaining()),
                ));
            }
            w.put_u8(kind)
        };
        match *self {
            TcpOption::EndOfList => start(w, 0, 1),
            TcpOption::Nop => start(w, 1, 1),
            TcpOption::Mss(mss) => {
                start(w, 2, 4)?;
                w.put_u8(4)?;
                w.put_u16(mss)
            }
            TcpOption::WindowScale(shift) => {
                start(w, 3, 3)?;
                w.put_u8(3)?;
                w.put_u8(shift)
            }
            TcpOption::SackPermitted => {
                start(w, 4, 2)?;
                w.put_u8(2)
            }
            TcpOption::Sack(blocks) => {
                if blocks.len() > MAX_SACK_BLOCKS {
                    return Err(too_long(at, MAX_SACK_BLOCKS));
                }
                let len = 2 + 8 * blocks.len();
                start(w, 5, len)?;
                w.put_u8(len as u8)?;
                w.put_slice(blocks.as_bytes())
            }
            TcpOption::Timestamps(ts) => {
                start(w, 8, 10)?;
                w.put_u8(10)?;
                w.put_u32(ts.tsval)?;
                w.put_u32(ts.tsecr)
            }
            TcpOption::Other { kind, data } => {
                let kind = kind.value();
                if kind <= 1 {
                    return Err(Error::bad_value(
                        Protocol::Tcp,
                        at,
                        Field::OptionType,
                        u32::from(kind),
                    ));
                }
                let len = u8::try_from(data.len() + 2).map_err(|_| too_long(at, 255))?;
                start(w, kind, usize::from(len))?;
                w.put_u8(len)?;
                w.put_slice(data)
            }
        }
    }
}

fn bad_option_length(tlv: &Tlv<'_>, base: usize) -> Error {
    Error::bad_length(
        Protocol::Tcp,
        base + tlv.offset + 1,
        Field::OptionLength,
        tlv.len() as u32,
    )
}

/// The summary's error for an option whose length byte (at option offset `i + 1`) is
/// `len`: the same error [`TcpOptions`] gives.
#[cold]
fn summary_bad_length(i: usize, len: usize) -> Error {
    Error::bad_length(
        Protocol::Tcp,
        HEADER_LEN + i + 1,
        Field::OptionLength,
        len as u32,
    )
}

fn too_long(offset: usize, limit: usize) -> Error {
    Error::new(
        Protocol::Tcp,
        offset,
        ErrorKind::TooLong {
            field: Field::OptionLength,
            limit: limit as u32,
        },
    )
}

impl fmt::Display for TcpOption<'_> {
    /// `MSS 1460`, `WS 7`, `SACK_PERM`, `TS val 10103612 ecr 0`, `SACK 1441-2881`, `NOP`...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TcpOption::EndOfList => f.write_str("EOL"),
            TcpOption::Nop => f.write_str("NOP"),
            TcpOption::Mss(m) => write!(f, "MSS {m}"),
            TcpOption::WindowScale(s) => write!(f, "WS {s}"),
            TcpOption::SackPermitted => f.write_str("SACK_PERM"),
            TcpOption::Sack(blocks) => {
                f.write_str("SACK")?;
                for b in *blocks {
                    write!(f, " {b:?}")?;
                }
                Ok(())
            }
            TcpOption::Timestamps(t) => write!(f, "TS val {} ecr {}", t.tsval, t.tsecr),
            TcpOption::Other { kind, data } => write!(f, "{kind} ({} bytes)", data.len()),
        }
    }
}

/// A lazy walk over TCP options, yielding each decoded, stopping after EOL or at the first
/// malformed option (whose error names its offset from the start of the TCP header).
#[derive(Debug, Clone)]
pub struct TcpOptions<'a> {
    tlvs: Tlvs<'a>,
    failed: bool,
}

impl<'a> TcpOptions<'a> {
    /// Walks `options`, the bytes after the fixed 20-byte header.
    #[inline]
    #[must_use]
    pub const fn new(options: &'a [u8]) -> Self {
        TcpOptions {
            tlvs: Tlvs::new(TCP_OPTIONS, options),
            failed: false,
        }
    }

    /// The bytes not walked yet (after EOL: the padding behind it).
    #[inline]
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.tlvs.rest()
    }
}

impl<'a> Iterator for TcpOptions<'a> {
    type Item = Result<TcpOption<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = match self.tlvs.next()? {
            Ok(t) => TcpOption::from_tlv(t, HEADER_LEN),
            Err(e) => Err(e.shifted(HEADER_LEN)),
        };
        self.failed = item.is_err();
        Some(item)
    }
}

impl core::iter::FusedIterator for TcpOptions<'_> {}

/// What the common options say, gathered in one pass: MSS, window scale, SACK-permitted,
/// timestamps and up to four SACK blocks (borrowed from the option bytes, not copied). NOP,
/// EOL and other kinds are skipped; when a kind occurs twice the last one counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpOptionsSummary<'a> {
    /// Maximum segment size.
    pub mss: Option<u16>,
    /// Window scale shift count.
    pub window_scale: Option<u8>,
    /// Whether SACK-permitted is present.
    pub sack_permitted: bool,
    /// Timestamps.
    pub timestamps: Option<TcpTimestamps>,
    /// SACK blocks, empty when there is no SACK option (at most four to emit).
    pub sack_blocks: &'a [SackBlock],
}

impl<'a> TcpOptionsSummary<'a> {
    /// Decodes `options` (the bytes after the fixed header) in one pass.
    ///
    /// # Errors
    /// A malformed list: an option running past the end, a length below 2, or a kind of
    /// this summary with a wrong length; the offset counts from the TCP header's start.
    #[inline(always)]
    pub fn parse(options: &'a [u8]) -> Result<Self> {
        // This is the hot path benchmarked against smoltcp's `TcpRepr::parse`, so it walks
        // the bytes itself rather than through the generic `codec_core::tlv::Tlvs` (whose
        // `Tlv` items and format checks cost about twice the time on a SYN's options). It
        // accepts exactly what `TcpOptions` accepts and fails with the same errors at the
        // same offsets; a test walks both over every mutation of real option lists. The
        // results live in locals until the end, so they stay in registers.
        //
        // The kinds of fixed length are matched whole, length byte included, and the walk
        // then moves on by a constant: the next option's position does not wait for the
        // length byte to be loaded (the length check is off the loop's dependency chain),
        // which halves the time on a SYN's five options. Anything else, and any of these
        // with a wrong length, takes the general step below, which reads the length from
        // the wire and reports the errors.
        //
        // The walk remembers where the last MSS, window scale and timestamps options start
        // (0: none, else the position + 1) rather than their values, so that its state fits
        // in a few registers; their bytes are read once, after the walk.
        let mut mss_at = 0usize;
        let mut window_scale_at = 0usize;
        let mut timestamps_at = 0usize;
        let mut sack_permitted = false;
        let mut sack_blocks: &[SackBlock] = &[];
        let mut i = 0usize;
        while let Some(&kind) = options.get(i) {
            match kind {
                0 => break, // EOL: what follows is padding.
                1 => {
                    i += 1;
                    continue;
                }
                2 => {
                    if let Some(&[_, 4, _, _]) = options.get(i..i + 4) {
                        i += 4;
                        mss_at = i;
                        continue;
                    }
                }
                3 => {
                    if let Some(&[_, 3, _]) = options.get(i..i + 3) {
                        i += 3;
                        window_scale_at = i;
                        continue;
                    }
                }
                4 => {
                    if let Some(&[_, 2]) = options.get(i..i + 2) {
                        sack_permitted = true;
                        i += 2;
                        continue;
                    }
                }
                8 => {
                    if let Some(&[_, 10, _, _, _, _, _, _, _, _]) = options.get(i..i + 10) {
                        i += 10;
                        timestamps_at = i;
                        continue;
                    }
                }
                _ => {}
            }
            // The general step: SACK blocks, other kinds, and every malformed option.
            let Some(&len) = options.get(i + 1) else {
                return Err(Error::truncated(Protocol::Tcp, HEADER_LEN + i, 2, 1));
            };
            let len = usize::from(len);
            let value = if len >= 2 {
                options.get(i + 2..i + len)
            } else {
                None
            };
            let Some(value) = value else {
                return Err(summary_bad_length(i, len));
            };
            match (kind, value) {
                (5, v) => match <[SackBlock]>::ref_from_bytes(v) {
                    Ok(blocks) if (1..=MAX_SACK_BLOCKS).contains(&blocks.len()) => {
                        sack_blocks = blocks;
                    }
                    _ => return Err(summary_bad_length(i, len)),
                },
                (2..=4 | 8, _) => return Err(summary_bad_length(i, len)),
                _ => {}
            }
            i += len;
        }
        // Each position is the end of an option the walk matched whole, so these reads
        // find their bytes; `None` for an option that was not there.
        let mss = match mss_at.checked_sub(2).and_then(|at| options.get(at..mss_at)) {
            Some(&[a, b]) => Some(u16::from_be_bytes([a, b])),
            _ => None,
        };
        let window_scale = match window_scale_at.checked_sub(1) {
            Some(at) => options.get(at).copied(),
            None => None,
        };
        let timestamps = match timestamps_at
            .checked_sub(8)
            .and_then(|at| options.get(at..timestamps_at))
        {
            Some(&[a, b, c, d, e, f, g, h]) => Some(TcpTimestamps {
                tsval: u32::from_be_bytes([a, b, c, d]),
                tsecr: u32::from_be_bytes([e, f, g, h]),
            }),
            _ => None,
        };
        Ok(TcpOptionsSummary {
            mss,
            window_scale,
            sack_permitted,
            timestamps,
            sack_blocks,
        })
    }

    /// Bytes [`emit`](Self::emit) writes: always a multiple of 4.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let mut n = 0;
        if self.mss.is_some() {
            n += 4;
        }
        if self.timestamps.is_some() {
            n += 12;
        } else if self.sack_permitted {
            n += 4;
        }
        if self.window_scale.is_some() {
            n += 4;
        }
        if !self.sack_blocks.is_empty() {
            n += 4 + 8 * self.sack_blocks.len();
        }
        n
    }

    /// Writes the options in the layout Linux uses (`tcp_options_write`), each aligned by
    /// NOPs so the whole is a multiple of 4 with no EOL: MSS; SACK-permitted + timestamps
    /// (`04 02 08 0a …`), or NOP NOP + timestamps, or NOP NOP + SACK-permitted; NOP + window
    /// scale; NOP NOP + SACK blocks. Returns the length written.
    ///
    /// # Errors
    /// [`TooLong`](ErrorKind::TooLong) when the options exceed 40 bytes (e.g. four SACK
    /// blocks with timestamps), a buffer error when `buf` is too small.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        if len > MAX_OPTIONS_LEN {
            return Err(Error::new(
                Protocol::Tcp,
                HEADER_LEN,
                ErrorKind::TooLong {
                    field: Field::HeaderLength,
                    limit: MAX_HEADER_LEN as u32,
                },
            ));
        }
        let mut w = Writer::new(Protocol::Tcp, buf);
        if w.remaining() < len {
            return Err(Error::buffer_too_small(Protocol::Tcp, len, w.remaining()));
        }
        if let Some(mss) = self.mss {
            TcpOption::Mss(mss).emit(&mut w)?;
        }
        match (self.timestamps, self.sack_permitted) {
            (Some(ts), sack_ok) => {
                if sack_ok {
                    TcpOption::SackPermitted.emit(&mut w)?;
                } else {
                    w.put_slice(&[1, 1])?;
                }
                TcpOption::Timestamps(ts).emit(&mut w)?;
            }
            (None, true) => w.put_slice(&[1, 1, 4, 2])?,
            (None, false) => {}
        }
        if let Some(shift) = self.window_scale {
            w.put_u8(1)?;
            TcpOption::WindowScale(shift).emit(&mut w)?;
        }
        if !self.sack_blocks.is_empty() {
            w.put_slice(&[1, 1])?;
            TcpOption::Sack(self.sack_blocks).emit(&mut w)?;
        }
        Ok(w.position())
    }
}

/// Writes `options` in the given order, then pads with EOL (zero) bytes to a multiple of 4
/// (RFC 9293 §3.1: the header is padded with zeros). Returns the padded length.
///
/// # Errors
/// As [`TcpOption::emit`]; [`TooLong`](ErrorKind::TooLong) when the padded options exceed
/// the 40 bytes a header has room for.
pub fn write_options(options: &[TcpOption<'_>], buf: &mut [u8]) -> Result<usize> {
    let mut w = Writer::new(Protocol::Tcp, buf);
    for o in options {
        o.emit(&mut w)?;
    }
    let len = w.position().next_multiple_of(4);
    if len > MAX_OPTIONS_LEN {
        return Err(Error::new(
            Protocol::Tcp,
            HEADER_LEN,
            ErrorKind::TooLong {
                field: Field::HeaderLength,
                limit: MAX_HEADER_LEN as u32,
            },
        ));
    }
    w.put_zeroes(len - w.position())?;
    Ok(len)
}

/// A zero-copy view of a TCP segment over `&[u8]` or `&mut [u8]`: the fixed header, the
/// option bytes and the payload.
pub struct TcpPacket<B> {
    header: Ref<B, TcpHeader>,
    options: B,
    payload: B,
}

impl<B: SplitByteSlice> TcpPacket<B> {
    /// Validates `bytes` as a TCP segment: the fixed header is there, the data offset is at
    /// least 5 and the options it announces are there. Everything after the header is the
    /// payload (the caller cuts `bytes` to the IP payload).
    ///
    /// # Errors
    /// [`Truncated`](ErrorKind::Truncated) at 0 for less than 20 bytes or at 20 when the
    /// options are cut; [`BadLength`](ErrorKind::BadLength) of the header length at byte 12
    /// for a data offset below 5.
    #[inline(always)]
    pub fn parse(bytes: B) -> Result<Self> {
        // The hot path of every TCP decoder: the errors are built out of line so that the
        // checks inline into the caller.
        let len = bytes.len();
        let Ok((header, rest)) = Ref::<B, TcpHeader>::from_prefix(bytes) else {
            return Err(truncated_header(len));
        };
        let header_len = header.header_len();
        let Some(options_len) = header_len.checked_sub(HEADER_LEN) else {
            return Err(bad_data_offset(header_len));
        };
        let available = rest.len();
        let Ok((options, payload)) = rest.split_at(options_len) else {
            return Err(truncated_options(options_len, available));
        };
        Ok(TcpPacket {
            header,
            options,
            payload,
        })
    }

    /// The fixed header.
    #[inline]
    pub fn header(&self) -> &TcpHeader {
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

    /// Sequence number.
    #[inline]
    pub fn seq(&self) -> u32 {
        self.header.seq.get()
    }

    /// Acknowledgment number, as carried (meaningful when ACK is set).
    #[inline]
    pub fn ack(&self) -> u32 {
        self.header.ack.get()
    }

    /// Data offset in 32-bit words (5–15).
    #[inline]
    pub fn data_offset(&self) -> u8 {
        self.header.offset_ns >> 4
    }

    /// Header length in bytes, options included.
    #[inline]
    pub fn header_len(&self) -> usize {
        self.header.header_len()
    }

    /// The flags, reserved bits included.
    #[inline]
    pub fn flags(&self) -> TcpFlags {
        TcpFlags::from_wire(self.header.flag_bits())
    }

    /// Window (unscaled).
    #[inline]
    pub fn window(&self) -> u16 {
        self.header.window.get()
    }

    /// Checksum as carried.
    #[inline]
    pub fn checksum(&self) -> u16 {
        self.header.checksum.get()
    }

    /// Urgent pointer, as carried.
    #[inline]
    pub fn urgent(&self) -> u16 {
        self.header.urgent.get()
    }

    /// The option bytes (0–40), padding included.
    #[inline]
    pub fn options(&self) -> &[u8] {
        &self.options
    }

    /// The options, decoded lazily.
    #[inline]
    pub fn option_iter(&self) -> TcpOptions<'_> {
        TcpOptions::new(&self.options)
    }

    /// The common options in one pass; see [`TcpOptionsSummary::parse`].
    ///
    /// # Errors
    /// A malformed option list, with the offset from the header's start.
    #[inline]
    pub fn options_summary(&self) -> Result<TcpOptionsSummary<'_>> {
        TcpOptionsSummary::parse(&self.options)
    }

    /// The data after the header.
    #[inline]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Header plus payload length: the TCP length of the pseudo-header.
    #[inline]
    pub fn segment_len(&self) -> usize {
        self.header_len() + self.payload.len()
    }

    /// Sequence space the segment occupies: payload length, plus one for SYN and one for FIN.
    #[inline]
    pub fn sequence_len(&self) -> usize {
        let f = self.flags();
        self.payload.len()
            + usize::from(f.contains(TcpFlags::SYN))
            + usize::from(f.contains(TcpFlags::FIN))
    }

    /// The one's complement sum of pseudo-header and segment, or `None` when the segment
    /// is longer than the pseudo-header's length field allows.
    #[inline]
    fn sum(&self, ip: &IpPseudo) -> Option<Checksum> {
        let mut sum = ip
            .sum(IpProtocol::Tcp, self.segment_len())?
            .add_bytes(self.header.as_bytes());
        // Empty parts add nothing: skip the calls (a SYN has no payload, most data segments
        // no options).
        if !self.options.is_empty() {
            sum = sum.add_bytes(&self.options);
        }
        if !self.payload.is_empty() {
            sum = sum.add_bytes(&self.payload);
        }
        Some(sum)
    }

    /// Whether the checksum is right for the pseudo-header `ip`. Reports, never rejects:
    /// captures taken with checksum offload carry wrong checksums.
    #[inline]
    pub fn verify_checksum(&self, ip: &IpPseudo) -> bool {
        self.sum(ip).is_some_and(|s| s.finish() == 0)
    }

    /// The checksum the segment should carry (computed as if the field were zero), or
    /// `None` when the segment is too long for the pseudo-header.
    #[inline]
    pub fn computed_checksum(&self, ip: &IpPseudo) -> Option<u16> {
        // Summing with the field in place then adding its complement removes it (RFC 1624).
        self.sum(ip).map(|s| s.add_u16(!self.checksum()).finish())
    }

    /// Gives up the view, returning the payload bytes.
    #[inline]
    pub fn into_payload(self) -> B {
        self.payload
    }
}

impl<B: ByteSliceMut + SplitByteSlice> TcpPacket<B> {
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

    /// Sets the sequence number.
    #[inline]
    pub fn set_seq(&mut self, seq: u32) {
        self.header.seq.set(seq);
    }

    /// Sets the acknowledgment number.
    #[inline]
    pub fn set_ack(&mut self, ack: u32) {
        self.header.ack.set(ack);
    }

    /// Sets the 12 flag bits, keeping the data offset.
    #[inline]
    pub fn set_flags(&mut self, flags: TcpFlags) {
        let bits = flags.bits();
        self.header.offset_ns = (self.header.offset_ns & 0xf0) | ((bits >> 8) as u8 & 0x0f);
        self.header.flags = bits as u8;
    }

    /// Sets the window.
    #[inline]
    pub fn set_window(&mut self, window: u16) {
        self.header.window.set(window);
    }

    /// Sets the checksum field.
    #[inline]
    pub fn set_checksum(&mut self, checksum: u16) {
        self.header.checksum.set(checksum);
    }

    /// Sets the urgent pointer.
    #[inline]
    pub fn set_urgent(&mut self, urgent: u16) {
        self.header.urgent.set(urgent);
    }

    /// The option bytes, writable (their length is fixed by the data offset).
    #[inline]
    pub fn options_mut(&mut self) -> &mut [u8] {
        &mut self.options
    }

    /// The payload, writable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.payload
    }

    /// Computes and stores the checksum for the pseudo-header `ip`.
    ///
    /// # Errors
    /// [`TooLong`](ErrorKind::TooLong) when the segment is longer than the pseudo-header's
    /// length field allows (65535 bytes over IPv4).
    #[inline]
    pub fn fill_checksum(&mut self, ip: &IpPseudo) -> Result<()> {
        let c = self
            .computed_checksum(ip)
            .ok_or_else(|| segment_too_long(ip))?;
        self.header.checksum.set(c);
        Ok(())
    }
}

/// [`TcpPacket::parse`]'s error for fewer than 20 bytes.
#[cold]
#[inline(never)]
fn truncated_header(available: usize) -> Error {
    Error::truncated(Protocol::Tcp, 0, HEADER_LEN, available)
}

/// [`TcpPacket::parse`]'s error for a data offset below 5.
#[cold]
#[inline(never)]
fn bad_data_offset(header_len: usize) -> Error {
    Error::bad_length(Protocol::Tcp, 12, Field::HeaderLength, header_len as u32)
}

/// [`TcpPacket::parse`]'s error for options cut short.
#[cold]
#[inline(never)]
fn truncated_options(options_len: usize, available: usize) -> Error {
    Error::truncated(Protocol::Tcp, HEADER_LEN, options_len, available)
}

fn segment_too_long(ip: &IpPseudo) -> Error {
    Error::new(
        Protocol::Tcp,
        0,
        ErrorKind::TooLong {
            field: Field::Length,
            limit: u32::try_from(ip.max_length()).unwrap_or(u32::MAX),
        },
    )
}

impl<B: SplitByteSlice> fmt::Debug for TcpPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpPacket")
            .field("src_port", &self.src_port())
            .field("dst_port", &self.dst_port())
            .field("seq", &self.seq())
            .field("ack", &self.ack())
            .field("header_len", &self.header_len())
            .field("flags", &self.flags())
            .field("window", &self.window())
            .field("checksum", &self.checksum())
            .field("urgent", &self.urgent())
            .field("options", &self.options())
            .field("payload_len", &self.payload().len())
            .finish()
    }
}

/// The one-line summary shared by the view and the repr.
fn summary(
    f: &mut fmt::Formatter<'_>,
    h: (u16, u16, u32, u32, TcpFlags, u16, u16),
    options: &[u8],
    payload_len: usize,
) -> fmt::Result {
    let (src, dst, seq, ack, flags, window, urgent) = h;
    write!(f, "TCP {src} > {dst} [{flags}] seq {seq}")?;
    if flags.contains(TcpFlags::ACK) {
        write!(f, " ack {ack}")?;
    }
    write!(f, " win {window}")?;
    if flags.contains(TcpFlags::URG) {
        write!(f, " urg {urgent}")?;
    }
    write!(f, " len {payload_len}")?;
    if !options.is_empty() {
        f.write_str(" [")?;
        for (i, o) in TcpOptions::new(options).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match o {
                Ok(o) => write!(f, "{o}")?,
                Err(e) => write!(f, "malformed at byte {}", e.offset())?,
            }
        }
        f.write_str("]")?;
    }
    Ok(())
}

impl<B: SplitByteSlice> fmt::Display for TcpPacket<B> {
    /// `TCP 50000 > 80 [SYN] seq 305419896 win 64240 len 0 [MSS 1460, SACK_PERM, …]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            (
                self.src_port(),
                self.dst_port(),
                self.seq(),
                self.ack(),
                self.flags(),
                self.window(),
                self.urgent(),
            ),
            self.options(),
            self.payload().len(),
        )
    }
}

/// A TCP segment as a value: header fields, option bytes and payload, both borrowed.
///
/// The options are kept as bytes rather than as typed fields, for two reasons: the layout
/// of the options (their order and NOP alignment) differs between stacks — Linux writes
/// `MSS, SACK_PERM+TS, NOP+WS` where BSD writes `MSS, NOP+WS, NOP+NOP+TS, SACK_PERM, EOL` —
/// and a repr that forgot it could not re-emit a captured segment byte for byte; and typed
/// fields for MSS, window scale, SACK-permitted, timestamps and four SACK blocks do not fit
/// beside the payload in 64 bytes. Read them with [`options_summary`](Self::options_summary)
/// or [`option_iter`](Self::option_iter); build them with [`TcpOptionsSummary::emit`]
/// (Linux layout) or [`write_options`] (any order, EOL-padded).
///
/// Laws: `parse(emit(r)) == r` when `r.options.len()` is a multiple of 4 (emit pads with
/// EOL bytes otherwise) and `emit(parse(b)) == b` for every segment with a right checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TcpRepr<'a> {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Sequence number.
    pub seq: u32,
    /// Acknowledgment number, written as given (send 0 when ACK is clear).
    pub ack: u32,
    /// Flags (12 bits).
    pub flags: TcpFlags,
    /// Window (unscaled).
    pub window: u16,
    /// Urgent pointer.
    pub urgent: u16,
    /// Option bytes (at most 40), written as they are and padded with EOL to 4.
    pub options: &'a [u8],
    /// The data.
    pub payload: &'a [u8],
}

impl<'a> TcpRepr<'a> {
    /// The repr of a parsed segment, borrowing its options and payload. The options are not
    /// walked here (the view's lengths are all that a repr needs); walk them with
    /// [`option_iter`](Self::option_iter) or [`options_summary`](Self::options_summary).
    ///
    /// # Errors
    /// None today: every segment that parses has a repr.
    #[inline(always)]
    pub fn parse<B: SplitByteSlice>(packet: &'a TcpPacket<B>) -> Result<Self> {
        let h = packet.header();
        Ok(TcpRepr {
            src_port: h.src_port.get(),
            dst_port: h.dst_port.get(),
            seq: h.seq.get(),
            ack: h.ack.get(),
            flags: TcpFlags::from_wire(h.flag_bits()),
            window: h.window.get(),
            urgent: h.urgent.get(),
            options: packet.options(),
            payload: packet.payload(),
        })
    }

    /// The options, decoded lazily.
    #[inline]
    #[must_use]
    pub fn option_iter(&self) -> TcpOptions<'a> {
        TcpOptions::new(self.options)
    }

    /// The common options in one pass.
    ///
    /// # Errors
    /// A malformed option list.
    #[inline]
    pub fn options_summary(&self) -> Result<TcpOptionsSummary<'a>> {
        TcpOptionsSummary::parse(self.options)
    }

    /// Header length: 20 plus the options padded to 4.
    #[inline]
    #[must_use]
    pub const fn header_len(&self) -> usize {
        HEADER_LEN + self.options.len().next_multiple_of(4)
    }

    /// Bytes [`emit`](Self::emit) writes: header plus payload.
    #[inline]
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        self.header_len() + self.payload.len()
    }

    /// Writes header and padded options at the front of `buf` with a zero checksum, after
    /// checking that `payload_len` more bytes fit. Returns the header length.
    fn emit_header(&self, buf: &mut [u8], payload_len: usize, limit: usize) -> Result<usize> {
        if self.options.len() > MAX_OPTIONS_LEN {
            return Err(Error::new(
                Protocol::Tcp,
                HEADER_LEN,
                ErrorKind::TooLong {
                    field: Field::HeaderLength,
                    limit: MAX_HEADER_LEN as u32,
                },
            ));
        }
        if self.flags.bits() > 0x0fff {
            return Err(Error::bad_value(
                Protocol::Tcp,
                12,
                Field::Flags,
                u32::from(self.flags.bits()),
            ));
        }
        let header_len = self.header_len();
        let total = header_len.saturating_add(payload_len);
        if total > limit {
            return Err(Error::new(
                Protocol::Tcp,
                0,
                ErrorKind::TooLong {
                    field: Field::Length,
                    limit: u32::try_from(limit).unwrap_or(u32::MAX),
                },
            ));
        }
        if buf.len() < total {
            return Err(Error::buffer_too_small(Protocol::Tcp, total, buf.len()));
        }
        let bits = self.flags.bits();
        let mut w = Writer::new(Protocol::Tcp, buf);
        w.put_u16(self.src_port)?;
        w.put_u16(self.dst_port)?;
        w.put_u32(self.seq)?;
        w.put_u32(self.ack)?;
        w.put_u8((((header_len / 4) as u8) << 4) | ((bits >> 8) as u8))?;
        w.put_u8(bits as u8)?;
        w.put_u16(self.window)?;
        w.put_u16(0)?;
        w.put_u16(self.urgent)?;
        w.put_slice(self.options)?;
        w.put_zeroes(header_len - w.position())?;
        Ok(header_len)
    }

    /// Writes the segment (header, options padded with EOL to 4, payload) into the front of
    /// `buf`, with the data offset and the checksum for the pseudo-header `ip` filled in.
    /// Returns its length.
    ///
    /// # Errors
    /// A buffer error when `buf` is shorter than [`buffer_len`](Self::buffer_len);
    /// [`TooLong`](ErrorKind::TooLong) for more than 40 option bytes or a segment longer
    /// than the pseudo-header allows; [`BadValue`](ErrorKind::BadValue) for flag bits above
    /// the 12.
    pub fn emit(&self, ip: &IpPseudo, buf: &mut [u8]) -> Result<usize> {
        self.emit_with_payload(ip, buf, self.payload.len(), |p| {
            p.copy_from_slice(self.payload);
            Ok(())
        })
    }

    /// As [`emit`](Self::emit), but the payload of `payload_len` bytes is written in place by
    /// `emit_payload` (the repr's own `payload` is not used), then the checksum is filled.
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
        let header_len = self.emit_header(buf, payload_len, ip.max_length())?;
        let total = header_len + payload_len;
        let segment = buf
            .get_mut(..total)
            .ok_or_else(|| Error::buffer_too_small(Protocol::Tcp, total, 0))?;
        emit_payload(segment.get_mut(header_len..).unwrap_or(&mut []))?;
        let sum = ip
            .sum(IpProtocol::Tcp, total)
            .ok_or_else(|| segment_too_long(ip))?
            .add_bytes(segment);
        if let Some(c) = segment.get_mut(16..18) {
            c.copy_from_slice(&sum.finish().to_be_bytes());
        }
        Ok(total)
    }

    /// Writes the segment with `checksum` stored as given instead of computed: a test tool's
    /// path to a deliberately wrong checksum. Returns its length.
    ///
    /// # Errors
    /// As [`emit`](Self::emit).
    pub fn emit_raw(&self, buf: &mut [u8], checksum: u16) -> Result<usize> {
        let header_len = self.emit_header(buf, self.payload.len(), usize::MAX)?;
        let total = header_len + self.payload.len();
        if let Some(p) = buf.get_mut(header_len..total) {
            p.copy_from_slice(self.payload);
        }
        if let Some(c) = buf.get_mut(16..18) {
            c.copy_from_slice(&checksum.to_be_bytes());
        }
        Ok(total)
    }
}

impl fmt::Display for TcpRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            (
                self.src_port,
                self.dst_port,
                self.seq,
                self.ack,
                self.flags,
                self.window,
                self.urgent,
            ),
            self.options,
            self.payload.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::Ipv4Addr;
    use std::string::ToString;
    use std::vec::Vec;

    fn syn74_ip() -> IpPseudo {
        IpPseudo::V4 {
            src: Ipv4Addr::new(192, 168, 1, 100),
            dst: Ipv4Addr::new(93, 184, 216, 34),
        }
    }

    // The TCP header of ../shared/vectors/syn74.hex (bytes 34..74): 50000 > 80, SYN,
    // window 64240, checksum 0xfd04, MSS 1460, SACK-permitted, TS 0x009a2b3c/0, NOP, WS 7.
    static SYN74: [u8; 40] = [
        0xc3, 0x50, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa,
        0xf0, 0xfd, 0x04, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x9a,
        0x2b, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
    ];

    // The TCP header of ../shared/vectors/data1514.hex (bytes 34..54): PSH|ACK, no options,
    // followed by 1460 bytes b[i] = (7i + 3) mod 256.
    static DATA1514_HEADER: [u8; 20] = [
        0xc3, 0x50, 0x00, 0x50, 0x12, 0x34, 0x56, 0x79, 0x9a, 0xbc, 0xde, 0xf1, 0x50, 0x18, 0x01,
        0xf6, 0x8a, 0xc7, 0x00, 0x00,
    ];

    fn data1514() -> Vec<u8> {
        let mut v = DATA1514_HEADER.to_vec();
        v.extend((0..1460u32).map(|i| ((7 * i + 3) % 256) as u8));
        v
    }

    // Frame 43 of ../shared/captures/gen_net/net_tcp_http.pcap from byte 34:
    // 10.77.0.1:43822 > 10.78.0.2:8000, ACK, NOP NOP TS NOP NOP SACK with two blocks.
    // Wireshark: seq 1400929005, ack 2048947277, hdr_len 52, window 73, checksum 63507
    // good, SACK value_hex 7a20addd7a20b2a97a2079197a20a911.
    static SACK2: [u8; 52] = [
        0xab, 0x2e, 0x1f, 0x40, 0x53, 0x80, 0x7a, 0xed, 0x7a, 0x20, 0x74, 0x4d, 0xd0, 0x10, 0x00,
        0x49, 0xf8, 0x13, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x5d, 0xe3, 0xe3, 0x1a, 0x97, 0x23,
        0x48, 0xfb, 0x01, 0x01, 0x05, 0x12, 0x7a, 0x20, 0xad, 0xdd, 0x7a, 0x20, 0xb2, 0xa9, 0x7a,
        0x20, 0x79, 0x19, 0x7a, 0x20, 0xa9, 0x11,
    ];

    fn sack2_ip() -> IpPseudo {
        IpPseudo::V4 {
            src: Ipv4Addr::new(10, 77, 0, 1),
            dst: Ipv4Addr::new(10, 78, 0, 2),
        }
    }

    #[test]
    fn deconstruct_syn74() {
        let p = TcpPacket::parse(&SYN74[..]).unwrap();
        assert_eq!((p.src_port(), p.dst_port()), (50000, 80));
        assert_eq!((p.seq(), p.ack()), (0x1234_5678, 0));
        assert_eq!((p.data_offset(), p.header_len()), (10, 40));
        assert_eq!(p.flags(), TcpFlags::SYN);
        assert_eq!(p.flags().bits(), 2);
        assert_eq!((p.window(), p.checksum(), p.urgent()), (64240, 0xfd04, 0));
        assert_eq!(p.options().len(), 20);
        assert!(p.payload().is_empty());
        assert_eq!(p.sequence_len(), 1);
        assert!(p.verify_checksum(&syn74_ip()));
        assert_eq!(p.computed_checksum(&syn74_ip()), Some(0xfd04));
        let opts: Vec<TcpOption<'_>> = p.option_iter().map(Result::unwrap).collect();
        assert_eq!(
            opts,
            [
                TcpOption::Mss(1460),
                TcpOption::SackPermitted,
                TcpOption::Timestamps(TcpTimestamps {
                    tsval: 10_103_612,
                    tsecr: 0
                }),
                TcpOption::Nop,
                TcpOption::WindowScale(7),
            ]
        );
        let s = p.options_summary().unwrap();
        assert_eq!(s.mss, Some(1460));
        assert_eq!(s.window_scale, Some(7));
        assert!(s.sack_permitted);
        assert_eq!(
            s.timestamps,
            Some(TcpTimestamps {
                tsval: 0x009a_2b3c,
                tsecr: 0
            })
        );
        assert!(s.sack_blocks.is_empty());
        assert_eq!(
            p.to_string(),
            "TCP 50000 > 80 [SYN] seq 305419896 win 64240 len 0 [MSS 1460, SACK_PERM, TS val 10103612 ecr 0, NOP, WS 7]"
        );
        // The wrong pseudo-header fails.
        let other = IpPseudo::V4 {
            src: Ipv4Addr::new(192, 168, 1, 101),
            dst: Ipv4Addr::new(93, 184, 216, 34),
        };
        assert!(!p.verify_checksum(&other));
    }

    #[test]
    fn deconstruct_data1514() {
        let bytes = data1514();
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.flags(), TcpFlags::PSH | TcpFlags::ACK);
        assert_eq!(p.flags().to_string(), "PSH, ACK");
        assert_eq!((p.seq(), p.ack()), (0x1234_5679, 0x9abc_def1));
        assert_eq!(
            (p.header_len(), p.window(), p.checksum()),
            (20, 502, 0x8ac7)
        );
        assert_eq!(p.payload().len(), 1460);
        assert_eq!(p.payload()[1459], ((7 * 1459 + 3) % 256) as u8);
        assert!(p.options().is_empty());
        assert_eq!(p.options_summary().unwrap(), TcpOptionsSummary::default());
        assert!(p.verify_checksum(&syn74_ip()));
        // A one-bit flip in the payload is caught.
        let mut flipped = bytes.clone();
        flipped[900] ^= 0x10;
        assert!(
            !TcpPacket::parse(&flipped[..])
                .unwrap()
                .verify_checksum(&syn74_ip())
        );
    }

    #[test]
    fn deconstruct_sack_blocks() {
        let p = TcpPacket::parse(&SACK2[..]).unwrap();
        assert_eq!((p.src_port(), p.dst_port()), (43822, 8000));
        assert_eq!((p.seq(), p.ack()), (1_400_929_005, 2_048_947_277));
        assert_eq!((p.header_len(), p.window(), p.checksum()), (52, 73, 63507));
        assert!(p.verify_checksum(&sack2_ip()));
        let s = p.options_summary().unwrap();
        assert_eq!(
            s.sack_blocks,
            [
                SackBlock::new(0x7a20_addd, 0x7a20_b2a9),
                SackBlock::new(0x7a20_7919, 0x7a20_a911)
            ]
        );
        assert_eq!(
            s.timestamps,
            Some(TcpTimestamps {
                tsval: 1_575_215_898,
                tsecr: 2_535_672_059
            })
        );
        assert_eq!(
            (s.mss, s.window_scale, s.sack_permitted),
            (None, None, false)
        );
        let kinds: Vec<TcpOptionKind> = p.option_iter().map(|o| o.unwrap().kind()).collect();
        assert_eq!(
            kinds,
            [
                TcpOptionKind::Nop,
                TcpOptionKind::Nop,
                TcpOptionKind::Timestamps,
                TcpOptionKind::Nop,
                TcpOptionKind::Nop,
                TcpOptionKind::Sack
            ]
        );
        // The Linux layout of this summary is exactly the captured bytes.
        let mut out = [0u8; 40];
        assert_eq!(s.buffer_len(), 32);
        assert_eq!(s.emit(&mut out).unwrap(), 32);
        assert_eq!(&out[..32], &SACK2[20..]);
    }

    #[test]
    fn construct_in_place() {
        let mut bytes = SYN74;
        let mut p = TcpPacket::parse(&mut bytes[..]).unwrap();
        p.set_src_port(1246);
        p.set_dst_port(21);
        p.set_seq(0x10d2_7200);
        p.set_ack(7);
        p.set_flags(TcpFlags::SYN | TcpFlags::ACK | TcpFlags::NS | TcpFlags::ECE);
        p.set_window(8192);
        p.set_urgent(3);
        p.options_mut()[3] = 0x00; // MSS 1280
        assert!(!p.verify_checksum(&syn74_ip()));
        p.fill_checksum(&syn74_ip()).unwrap();
        assert!(p.verify_checksum(&syn74_ip()));
        let c = p.checksum();
        assert_eq!(&bytes[0..4], &[0x04, 0xde, 0x00, 0x15]);
        assert_eq!(&bytes[4..12], &[0x10, 0xd2, 0x72, 0x00, 0, 0, 0, 7]);
        // Data offset 10 kept, NS in the low bit of byte 12, ECE|ACK|SYN in byte 13.
        assert_eq!(&bytes[12..14], &[0xa1, 0x52]);
        assert_eq!(&bytes[14..16], &[0x20, 0x00]);
        assert_eq!(u16::from_be_bytes([bytes[16], bytes[17]]), c);
        assert_eq!(&bytes[18..20], &[0, 3]);
        assert_eq!(&bytes[22..24], &[0x05, 0x00]);
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.flags().bits(), 0x152);
        assert_eq!(p.flags().to_string(), "SYN, ACK, ECE, NS");
    }

    #[test]
    fn parse_and_emit_round_trip() {
        let ip = syn74_ip();
        for bytes in [SYN74.to_vec(), data1514()] {
            let p = TcpPacket::parse(&bytes[..]).unwrap();
            let r = TcpRepr::parse(&p).unwrap();
            assert_eq!(r.buffer_len(), bytes.len());
            let mut out = std::vec![0u8; bytes.len()];
            assert_eq!(r.emit(&ip, &mut out).unwrap(), bytes.len());
            assert_eq!(out, bytes);
            let p2 = TcpPacket::parse(&out[..]).unwrap();
            assert_eq!(TcpRepr::parse(&p2).unwrap(), r);
        }
        let p = TcpPacket::parse(&SYN74[..]).unwrap();
        let r = TcpRepr::parse(&p).unwrap();
        assert_eq!(
            r,
            TcpRepr {
                src_port: 50000,
                dst_port: 80,
                seq: 0x1234_5678,
                ack: 0,
                flags: TcpFlags::SYN,
                window: 64240,
                urgent: 0,
                options: &SYN74[20..],
                payload: &[],
            }
        );
        assert_eq!(r.to_string(), p.to_string());
        assert!(core::mem::size_of::<TcpRepr<'_>>() <= 64);
    }

    #[test]
    fn emit_from_typed_options() {
        // The SYN74 options from a summary: the Linux layout is the captured layout.
        let mut s = TcpOptionsSummary {
            mss: Some(1460),
            window_scale: Some(7),
            sack_permitted: true,
            timestamps: Some(TcpTimestamps {
                tsval: 0x009a_2b3c,
                tsecr: 0,
            }),
            ..TcpOptionsSummary::default()
        };
        let mut opts = [0u8; 40];
        let n = s.emit(&mut opts).unwrap();
        assert_eq!(&opts[..n], &SYN74[20..]);
        let r = TcpRepr {
            src_port: 50000,
            dst_port: 80,
            seq: 0x1234_5678,
            ack: 0,
            flags: TcpFlags::SYN,
            window: 64240,
            urgent: 0,
            options: &opts[..n],
            payload: &[],
        };
        let mut out = [0u8; 40];
        assert_eq!(r.emit(&syn74_ip(), &mut out).unwrap(), 40);
        assert_eq!(out, SYN74);
        // Without timestamps: NOP NOP SACK_PERM; without SACK_PERM: NOP NOP TS.
        s.timestamps = None;
        let n = s.emit(&mut opts).unwrap();
        assert_eq!(&opts[..n], &[2, 4, 5, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7]);
        s.sack_permitted = false;
        s.timestamps = Some(TcpTimestamps { tsval: 1, tsecr: 2 });
        s.mss = None;
        s.window_scale = None;
        let n = s.emit(&mut opts).unwrap();
        assert_eq!(&opts[..n], &[1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]);
        // Four SACK blocks with timestamps do not fit in 40 bytes.
        let four = [SackBlock::new(1, 2); 4];
        s.sack_blocks = &four;
        assert_eq!(s.buffer_len(), 48);
        assert!(matches!(
            s.emit(&mut opts).unwrap_err().kind(),
            ErrorKind::TooLong { .. }
        ));
        let five = [SackBlock::new(1, 2); 5];
        let too_many = TcpOptionsSummary {
            sack_blocks: &five,
            timestamps: None,
            ..s
        };
        assert!(too_many.emit(&mut opts).is_err());
        s.timestamps = None;
        assert_eq!(s.emit(&mut opts).unwrap(), 36);
        assert_eq!(TcpOptionsSummary::parse(&opts[..36]).unwrap(), s);
        let mut small = [0u8; 35];
        assert!(matches!(
            s.emit(&mut small).unwrap_err().kind(),
            ErrorKind::BufferTooSmall { .. }
        ));

        // Any order with write_options, EOL-padded to 4: the BSD layout of ndpi_Oscar.pcap
        // frame 1 (MSS 1460, NOP, WS 5, NOP, NOP, TS, SACK_PERM, EOL, EOL).
        let n = write_options(
            &[
                TcpOption::Mss(1460),
                TcpOption::Nop,
                TcpOption::WindowScale(5),
                TcpOption::Nop,
                TcpOption::Nop,
                TcpOption::Timestamps(TcpTimestamps {
                    tsval: 0x15d0_12e3,
                    tsecr: 0,
                }),
                TcpOption::SackPermitted,
            ],
            &mut opts,
        )
        .unwrap();
        assert_eq!(n, 24);
        assert_eq!(
            &opts[..n],
            &[
                0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x05, 0x01, 0x01, 0x08, 0x0a, 0x15, 0xd0,
                0x12, 0xe3, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02, 0x00, 0x00
            ]
        );
        let blocks = [SackBlock::new(1441, 2881)];
        let n = write_options(
            &[
                TcpOption::Sack(&blocks),
                TcpOption::Other {
                    kind: TcpOptionKind::FastOpen,
                    data: &[0xde, 0xad],
                },
            ],
            &mut opts,
        )
        .unwrap();
        assert_eq!(
            &opts[..n],
            &[
                5, 10, 0, 0, 5, 0xa1, 0, 0, 0x0b, 0x41, 34, 4, 0xde, 0xad, 0, 0
            ]
        );
        let back: Vec<TcpOption<'_>> = TcpOptions::new(&opts[..n]).map(Result::unwrap).collect();
        assert_eq!(back[0], TcpOption::Sack(&blocks));
        assert_eq!(back[2], TcpOption::EndOfList);
        assert_eq!(back.len(), 3);
        // Too many bytes, a bad Other.
        assert!(write_options(&[TcpOption::Mss(1); 11], &mut opts).is_err());
        assert!(
            write_options(
                &[TcpOption::Other {
                    kind: TcpOptionKind::Nop,
                    data: &[]
                }],
                &mut opts
            )
            .is_err()
        );
    }

    #[test]
    fn emit_with_payload_in_place_and_raw() {
        let bytes = data1514();
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        let r = TcpRepr {
            payload: &[],
            ..TcpRepr::parse(&p).unwrap()
        };
        let mut out = std::vec![0u8; 1480];
        let n = r
            .emit_with_payload(&syn74_ip(), &mut out, 1460, |b| {
                for (i, x) in b.iter_mut().enumerate() {
                    *x = ((7 * i + 3) % 256) as u8;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 1480);
        assert_eq!(out, bytes);
        let r = TcpRepr::parse(&p).unwrap();
        assert_eq!(r.emit_raw(&mut out, 0xbeef).unwrap(), 1480);
        assert_eq!(&out[16..18], &[0xbe, 0xef]);
        assert_eq!(&out[20..], &bytes[20..]);
        // A failing payload writer's error comes back.
        let e = r
            .emit_with_payload(&syn74_ip(), &mut out, 4, |_| {
                Err(Error::bad_value(Protocol::Ftp, 0, Field::Line, 0))
            })
            .unwrap_err();
        assert_eq!(e.protocol(), Protocol::Ftp);
        // Options padded to 4 with EOL.
        let r = TcpRepr {
            options: &[2, 4, 5, 0xb4, 1, 3, 3, 7],
            payload: &[],
            ..r
        };
        let r3 = TcpRepr {
            options: &[3, 3, 3],
            ..r
        };
        assert_eq!(r3.header_len(), 24);
        let mut out = [0xffu8; 24];
        r3.emit(&syn74_ip(), &mut out).unwrap();
        assert_eq!(&out[20..], &[3, 3, 3, 0]);
        assert_eq!(out[12] >> 4, 6);
        let p = TcpPacket::parse(&out[..]).unwrap();
        assert!(p.verify_checksum(&syn74_ip()));
        assert_eq!(p.options_summary().unwrap().window_scale, Some(3));
        let _ = r;
    }

    #[test]
    fn emit_rejects_what_cannot_be_written() {
        let p = TcpPacket::parse(&SYN74[..]).unwrap();
        let r = TcpRepr::parse(&p).unwrap();
        let mut out = [0u8; 39];
        assert_eq!(
            r.emit(&syn74_ip(), &mut out).unwrap_err().kind(),
            ErrorKind::BufferTooSmall {
                needed: 40,
                available: 39
            }
        );
        let long = [1u8; 41];
        let e = TcpRepr {
            options: &long,
            ..r
        }
        .emit(&syn74_ip(), &mut [0u8; 80])
        .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::HeaderLength,
                limit: 60
            }
        );
        let e = TcpRepr {
            flags: TcpFlags::from_bits_retain(0x1002),
            ..r
        }
        .emit(&syn74_ip(), &mut [0u8; 40])
        .unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                12,
                ErrorKind::BadValue {
                    field: Field::Flags,
                    value: 0x1002
                }
            )
        );
        // A segment longer than IPv4's pseudo-header allows.
        let big = std::vec![0u8; 65_530];
        let e = TcpRepr { payload: &big, ..r }
            .emit(&syn74_ip(), &mut std::vec![0u8; 70_000])
            .unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::Length,
                limit: 65535
            }
        ));
    }

    #[test]
    fn rejects_bad_lengths_with_offsets() {
        let e = TcpPacket::parse(&SYN74[..19]).unwrap_err();
        assert_eq!((e.protocol(), e.offset()), (Protocol::Tcp, 0));
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 20,
                available: 19
            }
        );
        // Options cut: data offset 10 announces 20 option bytes, 19 are there.
        let e = TcpPacket::parse(&SYN74[..39]).unwrap_err();
        assert_eq!(e.offset(), 20);
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 20,
                available: 19
            }
        );
        // Data offset 4.
        let mut bad = SYN74;
        bad[12] = 0x42;
        let e = TcpPacket::parse(&bad[..]).unwrap_err();
        assert_eq!(e.offset(), 12);
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::HeaderLength,
                value: 16
            }
        );
        // Data offset 5 over the SYN: the options become payload.
        bad[12] = 0x50;
        let p = TcpPacket::parse(&bad[..]).unwrap();
        assert_eq!((p.header_len(), p.payload().len()), (20, 20));
    }

    #[test]
    fn malformed_options_are_reported_not_fatal() {
        // MSS with length 3 at option offset 0 (header byte 20).
        let mut bytes = SYN74;
        bytes[21] = 3;
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        let e = p.options_summary().unwrap_err();
        assert_eq!(
            (e.protocol(), e.offset(), e.kind()),
            (
                Protocol::Tcp,
                21,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 3
                }
            )
        );
        assert_eq!(p.option_iter().next().unwrap().unwrap_err(), e);
        assert!(p.to_string().ends_with("[malformed at byte 21]"));
        // Length 0: the walker stops with the offset of the length byte.
        bytes[21] = 0;
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.options_summary().unwrap_err().offset(), 21);
        // Timestamps running past the end of the options (length 30 at header byte 26).
        let mut bytes = SYN74;
        bytes[27] = 30;
        let p = TcpPacket::parse(&bytes[..]).unwrap();
        let mut it = p.option_iter();
        assert_eq!(it.next().unwrap().unwrap(), TcpOption::Mss(1460));
        assert_eq!(it.next().unwrap().unwrap(), TcpOption::SackPermitted);
        assert_eq!(it.next().unwrap().unwrap_err().offset(), 27);
        assert!(it.next().is_none());
        // SACK with 12 bytes of blocks (not a multiple of 8).
        let opts = [5u8, 14, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3];
        let e = TcpOptionsSummary::parse(&opts).unwrap_err();
        assert_eq!(e.offset(), 21);
        let e = TcpOptions::new(&opts).next().unwrap().unwrap_err();
        assert_eq!(e.offset(), 21);
        // Unknown kinds are kept, EOL ends the walk and the rest is padding.
        let opts = [0x1e, 4, 0xaa, 0xbb, 0, 2, 4, 5, 0xb4];
        let mut it = TcpOptions::new(&opts);
        assert_eq!(
            it.next().unwrap().unwrap(),
            TcpOption::Other {
                kind: TcpOptionKind::Multipath,
                data: &[0xaa, 0xbb]
            }
        );
        assert_eq!(it.next().unwrap().unwrap(), TcpOption::EndOfList);
        assert!(it.next().is_none());
        assert_eq!(it.rest(), &[2, 4, 5, 0xb4]);
        assert_eq!(TcpOptionsSummary::parse(&opts).unwrap().mss, None);
    }

    /// The summary as the typed iterator sees it: the reference for the hand-written pass.
    fn summary_via_iter(options: &[u8]) -> Result<TcpOptionsSummary<'_>> {
        let mut s = TcpOptionsSummary::default();
        for o in TcpOptions::new(options) {
            match o? {
                TcpOption::Mss(m) => s.mss = Some(m),
                TcpOption::WindowScale(w) => s.window_scale = Some(w),
                TcpOption::SackPermitted => s.sack_permitted = true,
                TcpOption::Timestamps(t) => s.timestamps = Some(t),
                TcpOption::Sack(blocks) => s.sack_blocks = blocks,
                _ => {}
            }
        }
        Ok(s)
    }

    #[test]
    fn summary_agrees_with_the_typed_walk_on_every_mutation() {
        // Option lists of real segments: SYN74 (Linux), net_tcp_http frame 43 (SACK),
        // ndpi_Oscar frame 1 (BSD, EOL padding), seed story message 48 (MSS NOP WS NOP NOP TS).
        let lists: [&[u8]; 4] = [
            &SYN74[20..],
            &SACK2[20..],
            &[
                0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x05, 0x01, 0x01, 0x08, 0x0a, 0x15, 0xd0,
                0x12, 0xe3, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02, 0x00, 0x00,
            ],
            &[
                0x02, 0x04, 0x20, 0x0c, 0x01, 0x03, 0x03, 0x01, 0x01, 0x01, 0x08, 0x0a, 0x33, 0x24,
                0x32, 0x51, 0x00, 0x00, 0x00, 0x00,
            ],
        ];
        let mut cases = 0;
        let mut errors = 0;
        for list in lists {
            for cut in 0..=list.len() {
                let mut check = |bytes: &[u8]| {
                    let fast = TcpOptionsSummary::parse(bytes);
                    assert_eq!(fast, summary_via_iter(bytes), "{bytes:02x?}");
                    cases += 1;
                    errors += usize::from(fast.is_err());
                };
                check(&list[..cut]);
                for at in 0..cut {
                    for v in [0u8, 1, 2, 3, 4, 5, 8, 9, 10, 18, 34, 40, 0xff] {
                        let mut m = list[..cut].to_vec();
                        m[at] = v;
                        check(&m);
                    }
                }
            }
        }
        assert!(
            cases > 10_000 && errors > 1_000,
            "{cases} cases, {errors} errors"
        );
    }

    #[test]
    fn option_kind_registry_and_display() {
        assert_eq!(TcpOptionKind::from(8), TcpOptionKind::Timestamps);
        assert_eq!(TcpOptionKind::from(99).to_string(), "0x63");
        assert_eq!(TcpFlags::empty().to_string(), "<none>");
        assert_eq!(
            TcpFlags::from_wire(0x0e11).to_string(),
            "FIN, ACK, reserved 0xe00"
        );
        assert_eq!(TcpFlags::from_wire(0xffff).bits(), 0x0fff);
        let blocks = [SackBlock::new(1441, 2881)];
        assert_eq!(TcpOption::Sack(&blocks).to_string(), "SACK 1441-2881");
        assert_eq!(TcpOption::Sack(&blocks).buffer_len(), 10);
    }
}
