//! Raw byte streams: `dissect --stream KIND FILE` reads a protocol that lives in a byte
//! stream rather than in captured packets, cuts it into messages with the codec's push
//! decoder, and dissects each message.
//!
//! Kinds: `ppp-hdlc` and `flap` (an OSCAR connection, one direction: see [`flap_stream`]);
//! the line protocols `ftp`, `telnet` and `msnp` are in [`line_stream`] (module `line`).
//!
//! `ppp-hdlc` is the bytes of an asynchronous serial line carrying PPP in
//! RFC 1662 HDLC-like framing, such as pppd's `record` file split by direction
//! (`../shared/captures/gen_ppp/*.sent.bin`). Every frame is printed with its FCS status,
//! its PPP header ([`PppFrame`]'s summary, with the information field's length) and the
//! layers [`dissect`] finds in it as a `LINKTYPE_PPP` packet; frames RFC 1662 discards
//! (aborted, too short, too long, cut off by the end of the file) are printed as notes.
//!
//! The receive ACCM matters: once LCP is up, a sender escapes only the control characters
//! the peer asked for, and a receiver still dropping every control character (the default
//! ACCM 0xffffffff) corrupts those frames (bad FCS). [`RxAccm::Follow`] does what the
//! receiving pppd does: it switches to the ACCM a Configure-Ack in the stream acknowledges.
//!
//! ```
//! use codec_dissect::dissect::Options;
//! use codec_dissect::stream::{HdlcConfig, RxAccm, StreamItem, ppp_hdlc};
//! // Two frames from ../shared/vectors/seed_story_hdlc.bin: LCP Configure-Request and
//! // Configure-Ack, both id 1 with no options.
//! let wire = [
//!     0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x21, 0x7d, 0x21, 0x7d, 0x21, 0x7d, 0x20, 0x7d, 0x24,
//!     0xd1, 0xb5, 0x7e,
//! ];
//! let mut frames = Vec::new();
//! let summary = ppp_hdlc(&wire[..], &HdlcConfig::default(), &Options::default(), |item| {
//!     if let StreamItem::Frame(f) = item {
//!         frames.push((f.number, f.offset, f.fcs_ok, f.header.unwrap()));
//!     }
//! })?;
//! assert_eq!(frames, [(1, 1, true, "PPP LCP (0xc021), 4 bytes".to_string())]);
//! assert_eq!((summary.frames, summary.fcs_good, summary.bytes), (1, 1, 17));
//! # Ok::<(), std::io::Error>(())
//! ```

use crate::dissect::{LINKTYPE_PPP, Options, Packet, dissect, dissect_flap};
use crate::output::{Format, write_layers};
use codec_aim::flap::{self as oscar_flap, Deframer as FlapDeframer, Event as FlapEvent};
use codec_core::Error;
use codec_core::tlv::{TlvFormat, Tlvs};
use codec_link::ppp::hdlc::{DEFAULT_ACCM, Deframer, Event, FcsKind, Frame, frame_capacity};
use codec_link::ppp::{PppFrame, PppProtocol};
use serde_json::{Map, Value, json};
use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;

mod line;
pub use line::{LineDecoder, LineItem, LineSummary, MAX_DATA_ITEM, line_stream, write_line_item};

/// The byte-stream protocols `--stream` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StreamKind {
    /// PPP in RFC 1662 asynchronous HDLC-like framing.
    PppHdlc,
    /// One direction of an OSCAR (AIM/ICQ) connection: FLAPs.
    Flap,
    /// One direction of an FTP control connection (replies when it starts with a digit,
    /// commands otherwise).
    Ftp,
    /// One direction of a telnet connection.
    Telnet,
    /// One direction of an MSN messenger connection.
    Msnp,
}

/// The receive ACCM of a `ppp-hdlc` stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RxAccm {
    /// One ACCM for the whole stream.
    Fixed(u32),
    /// Start with the default 0xffffffff and take the ACCM each LCP Configure-Ack in the
    /// stream acknowledges (its sender escapes with it from then on, RFC 1662 §7.1).
    Follow,
}

impl Default for RxAccm {
    fn default() -> Self {
        RxAccm::Fixed(DEFAULT_ACCM)
    }
}

/// Why an `--accm` value did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAccm(String);

impl fmt::Display for BadAccm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bad ACCM {:?}: expected up to 8 hex digits (e.g. ffffffff, 0x000a0000) or `follow`",
            self.0
        )
    }
}

impl std::error::Error for BadAccm {}

impl FromStr for RxAccm {
    type Err = BadAccm;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("follow") {
            return Ok(RxAccm::Follow);
        }
        let hex = t
            .strip_prefix("0x")
            .or_else(|| t.strip_prefix("0X"))
            .unwrap_or(t);
        if hex.is_empty() || hex.len() > 8 {
            return Err(BadAccm(s.to_string()));
        }
        u32::from_str_radix(hex, 16)
            .map(RxAccm::Fixed)
            .map_err(|_| BadAccm(s.to_string()))
    }
}

/// How a `ppp-hdlc` stream is deframed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HdlcConfig {
    /// The receive ACCM.
    pub accm: RxAccm,
    /// The FCS checked.
    pub fcs: FcsKind,
    /// The longest frame accepted (after unescaping, FCS included).
    pub max_frame: usize,
}

/// pppd's largest MRU (`MAXMRU`, pppd `lcp.h`).
pub const PPPD_MAX_MRU: usize = 16384;

impl Default for HdlcConfig {
    /// The default ACCM, FCS-16, frames up to pppd's largest MRU with FCS-32.
    fn default() -> Self {
        HdlcConfig {
            accm: RxAccm::default(),
            fcs: FcsKind::Fcs16,
            max_frame: frame_capacity(PPPD_MAX_MRU, FcsKind::Fcs32),
        }
    }
}

/// One frame of the stream, dissected.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamFrame {
    /// Frame number, from 1 (good and bad FCS alike).
    pub number: u64,
    /// Stream offset of the frame's first byte (after its opening flag).
    pub offset: u64,
    /// Bytes between the frame's flags on the wire.
    pub wire_len: u64,
    /// Whether the FCS is good.
    pub fcs_ok: bool,
    /// The FCS carried.
    pub fcs_carried: u32,
    /// The FCS computed.
    pub fcs_computed: u32,
    /// Which FCS.
    pub fcs: FcsKind,
    /// The PPP header summary (protocol and information length), or why it is malformed.
    pub header: Result<String, Error>,
    /// Bytes of the information field (0 when the header is malformed).
    pub info_len: usize,
    /// The frame after unescaping, without its FCS.
    pub data: Vec<u8>,
    /// The frame (without FCS) dissected as a `LINKTYPE_PPP` packet.
    pub packet: Packet,
}

/// Something in the stream that is not a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamNote {
    /// `aborted`, `short`, `too-long`, `unterminated`, or `accm` (the receive ACCM changed).
    pub kind: &'static str,
    /// Stream offset of the frame concerned.
    pub offset: u64,
    /// Bytes received (after unescaping), the size limit for `too-long`, 0 for `accm`.
    pub len: usize,
    /// The new receive ACCM, for `accm`.
    pub accm: Option<u32>,
    /// A sentence saying what happened.
    pub text: String,
}

/// What the stream decoder reports, in stream order.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamItem {
    /// A frame.
    Frame(StreamFrame),
    /// A discarded frame or a change of receive ACCM.
    Note(StreamNote),
}

/// Counts over a whole stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Frames (good and bad FCS).
    pub frames: u64,
    /// Frames with a good FCS.
    pub fcs_good: u64,
    /// Frames with a bad FCS.
    pub fcs_bad: u64,
    /// Frames aborted by `7D 7E`.
    pub aborted: u64,
    /// Frames too short to carry an FCS, discarded.
    pub short: u64,
    /// Frames over the size limit, skipped.
    pub too_long: u64,
    /// A frame cut off by the end of the stream.
    pub unterminated: u64,
}

/// The ACCM a good LCP Configure-Ack acknowledges: its ACCM option, or the default when it
/// has none (RFC 1662 §7.1).
fn acknowledged_accm(frame: &Frame<'_>) -> Option<u32> {
    let ppp = frame.ppp().ok()?;
    let p = ppp.payload();
    if !frame.fcs_ok || ppp.protocol() != PppProtocol::Lcp || p.first() != Some(&2) {
        return None;
    }
    let length = usize::from(u16::from_be_bytes([*p.get(2)?, *p.get(3)?]));
    let mut accm = DEFAULT_ACCM;
    for option in Tlvs::new(TlvFormat::PPP_OPTIONS, p.get(4..length)?) {
        let option = option.ok()?;
        if let (2, Ok(value)) = (option.kind, <[u8; 4]>::try_from(option.value)) {
            accm = u32::from_be_bytes(value);
        }
    }
    Some(accm)
}

fn note(summary: &mut StreamSummary, event: &Event<'_>) -> Option<StreamNote> {
    let (kind, len) = match *event {
        Event::Frame(_) => return None,
        Event::Aborted { len, .. } => {
            summary.aborted += 1;
            ("aborted", len)
        }
        Event::Short { len, .. } => {
            summary.short += 1;
            ("short", len)
        }
        Event::TooLong { limit, .. } => {
            summary.too_long += 1;
            ("too-long", limit)
        }
        Event::Unterminated { len, .. } => {
            summary.unterminated += 1;
            ("unterminated", len)
        }
    };
    Some(StreamNote {
        kind,
        offset: event.offset(),
        len,
        accm: None,
        text: event.to_string(),
    })
}

fn frame_item(summary: &mut StreamSummary, frame: &Frame<'_>, options: &Options) -> StreamFrame {
    summary.frames += 1;
    if frame.fcs_ok {
        summary.fcs_good += 1;
    } else {
        summary.fcs_bad += 1;
    }
    let parsed = PppFrame::parse(frame.data);
    let len = u32::try_from(frame.data.len()).unwrap_or(u32::MAX);
    StreamFrame {
        number: summary.frames,
        offset: frame.offset,
        wire_len: frame.wire_len,
        fcs_ok: frame.fcs_ok,
        fcs_carried: frame.fcs_carried,
        fcs_computed: frame.fcs_computed,
        fcs: frame.fcs,
        header: parsed.as_ref().map(ToString::to_string).map_err(|e| *e),
        info_len: parsed.map_or(0, |p| p.payload().len()),
        data: frame.data.to_vec(),
        packet: dissect(summary.frames, LINKTYPE_PPP, len, frame.data, options),
    }
}

/// Deframes a `ppp-hdlc` byte stream read from `input` (in 64 KiB reads: the stream may be
/// of any size) and calls `on_item` for every frame and note, in stream order.
///
/// # Errors
/// Whatever `input` returns; items before the error have been delivered.
pub fn ppp_hdlc(
    input: impl Read,
    config: &HdlcConfig,
    options: &Options,
    mut on_item: impl FnMut(StreamItem),
) -> io::Result<StreamSummary> {
    let accm = match config.accm {
        RxAccm::Fixed(a) => a,
        RxAccm::Follow => DEFAULT_ACCM,
    };
    let mut deframer = Deframer::new(vec![0u8; config.max_frame])
        .with_accm(accm)
        .with_fcs(config.fcs);
    let mut summary = StreamSummary::default();
    let bytes = read_chunks(input, |chunk| {
        let mut rest = chunk;
        while let Some(event) = deframer.decode(&mut rest) {
            let mut switch = None;
            match &event {
                Event::Frame(frame) => {
                    on_item(StreamItem::Frame(frame_item(&mut summary, frame, options)));
                    if config.accm == RxAccm::Follow {
                        switch = acknowledged_accm(frame).map(|a| (a, frame.offset));
                    }
                }
                other => {
                    if let Some(n) = note(&mut summary, other) {
                        on_item(StreamItem::Note(n));
                    }
                }
            }
            if let Some((new, offset)) = switch
                && new != deframer.accm()
            {
                deframer.set_accm(new);
                on_item(StreamItem::Note(StreamNote {
                    kind: "accm",
                    offset,
                    len: 0,
                    accm: Some(new),
                    text: format!(
                        "receive ACCM now {new:#010x}, as the LCP Configure-Ack @{offset} acknowledges"
                    ),
                }));
            }
        }
    });
    summary.bytes = bytes?;
    if let Some(event) = deframer.finish()
        && let Some(n) = note(&mut summary, &event)
    {
        on_item(StreamItem::Note(n));
    }
    Ok(summary)
}

/// The JSON object of an item: for a frame `{"frame", "offset", "len", "fcs", "protocols",
/// "layers"}` (plus `malformed`/`errors` as in packet output), for a note
/// `{"event", "offset", "len"}` (plus `accm`).
#[must_use]
pub fn item_json(item: &StreamItem) -> Value {
    match item {
        StreamItem::Frame(f) => {
            let mut packet = match f.packet.to_json() {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            let mut m = Map::new();
            m.insert("frame".into(), json!(f.number));
            m.insert("offset".into(), json!(f.offset));
            m.insert("len".into(), json!(f.packet.caplen));
            m.insert("fcs".into(), json!(if f.fcs_ok { "good" } else { "bad" }));
            for key in ["protocols", "layers", "malformed", "errors"] {
                if let Some(v) = packet.remove(key) {
                    m.insert(key.into(), v);
                }
            }
            Value::Object(m)
        }
        StreamItem::Note(n) => {
            let mut m = Map::new();
            m.insert("event".into(), json!(n.kind));
            m.insert("offset".into(), json!(n.offset));
            match n.accm {
                Some(a) => m.insert("accm".into(), json!(format!("{a:#010x}"))),
                None => m.insert("len".into(), json!(n.len)),
            };
            Value::Object(m)
        }
    }
}

/// Writes one item in `format`: JSON lines, or a block per frame in the layered style of
/// [`crate::output`] (a header line with the FCS status, the PPP header, then the layers).
///
/// # Errors
/// Whatever `out` returns.
pub fn write_item(out: &mut impl Write, item: &StreamItem, format: Format) -> io::Result<()> {
    match (format, item) {
        (Format::Json, _) => {
            serde_json::to_writer(&mut *out, &item_json(item))?;
            out.write_all(b"\n")
        }
        (Format::Layered { verbose }, StreamItem::Frame(f)) => {
            let width = f.fcs.size() * 2 + 2;
            let fcs = if f.fcs_ok {
                format!("{} {:#0width$x} good", f.fcs, f.fcs_carried)
            } else {
                format!(
                    "{} {:#0width$x} bad (computed {:#0width$x})",
                    f.fcs, f.fcs_carried, f.fcs_computed
                )
            };
            writeln!(
                out,
                "frame {} @{}: {} bytes ({} on the wire), {}, {}",
                f.number,
                f.offset,
                f.packet.caplen,
                f.wire_len,
                fcs,
                f.packet.protocols()
            )?;
            match &f.header {
                Ok(h) => writeln!(out, "  {h}")?,
                Err(e) => writeln!(out, "  !PPP header: {e}")?,
            }
            write_layers(out, &f.packet, verbose, 11)
        }
        (Format::Layered { .. }, StreamItem::Note(n)) => writeln!(out, "-- {}", n.text),
    }
}

/// Reads a byte stream of `kind` and writes every item to `out`; the summary is also
/// written, as a last line (text) or not at all (JSON, one object per item only).
///
/// # Errors
/// Whatever `input` or `out` return.
pub fn dissect_stream(
    kind: StreamKind,
    input: impl Read,
    config: &HdlcConfig,
    options: &Options,
    format: Format,
    out: &mut impl Write,
) -> io::Result<StreamSummary> {
    match kind {
        StreamKind::PppHdlc => {
            let summary = write_each(
                |on_item| ppp_hdlc(input, config, options, on_item),
                |item| write_item(out, item, format),
            )?;
            if let Format::Layered { .. } = format {
                writeln!(
                    out,
                    "{} bytes, {} frames: {} FCS good, {} FCS bad; {} aborted, {} short, {} too long, {} unterminated",
                    summary.bytes,
                    summary.frames,
                    summary.fcs_good,
                    summary.fcs_bad,
                    summary.aborted,
                    summary.short,
                    summary.too_long,
                    summary.unterminated
                )?;
            }
            Ok(summary)
        }
        StreamKind::Ftp | StreamKind::Telnet | StreamKind::Msnp => {
            let summary = write_each(
                |on_item| line_stream(kind, input, on_item),
                |item| write_line_item(out, item, format),
            )?;
            if let Format::Layered { .. } = format {
                writeln!(
                    out,
                    "{} bytes, {} events, {} invalid, too long or unterminated",
                    summary.bytes, summary.events, summary.problems
                )?;
            }
            Ok(StreamSummary {
                bytes: summary.bytes,
                ..StreamSummary::default()
            })
        }
        StreamKind::Flap => {
            let summary = write_each(
                |on_item| flap_stream(input, options, on_item),
                |item| write_flap_item(out, item, format),
            )?;
            if let Format::Layered { .. } = format {
                writeln!(
                    out,
                    "{} bytes, {} FLAPs; {} bad start bytes, {} too long, {} old sign-off, {} truncated",
                    summary.bytes,
                    summary.frames,
                    summary.bad_start,
                    summary.too_long,
                    summary.old_signoff,
                    summary.truncated
                )?;
            }
            Ok(StreamSummary {
                bytes: summary.bytes,
                frames: summary.frames,
                too_long: summary.too_long,
                unterminated: summary.truncated,
                ..StreamSummary::default()
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// `--stream flap`

/// One FLAP of a `flap` stream, dissected.
#[derive(Debug, Clone, PartialEq)]
pub struct FlapStreamFrame {
    /// Frame number, from 1.
    pub number: u64,
    /// Stream offset of the frame's start marker.
    pub offset: u64,
    /// The whole frame, header included.
    pub data: Vec<u8>,
    /// The frame dissected (`aim` layer and its SNAC sub-layer).
    pub packet: Packet,
}

/// What [`flap_stream`] reports, in stream order.
#[derive(Debug, Clone, PartialEq)]
pub enum FlapStreamItem {
    /// A FLAP.
    Frame(FlapStreamFrame),
    /// Something else: `bad-start`, `too-long`, `old-signoff`, `truncated`.
    Note(StreamNote),
}

/// Counts over a `flap` stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlapStreamSummary {
    /// Bytes read.
    pub bytes: u64,
    /// FLAPs.
    pub frames: u64,
    /// Bytes other than 0x2A where a FLAP must start (each followed by a resync).
    pub bad_start: u64,
    /// FLAPs over the size limit (never with the default, which holds every FLAP).
    pub too_long: u64,
    /// The old 4-byte sign-off at the end of the stream.
    pub old_signoff: u64,
    /// A FLAP cut by the end of the stream.
    pub truncated: u64,
}

/// Deframes one direction of an OSCAR connection read from `input` (64 KiB reads, frames
/// of any length the FLAP header can state, several per read or one across reads) and
/// calls `on_item` for every FLAP, dissected with the `aim` layers, and every note.
///
/// # Errors
/// Whatever `input` returns; items before the error have been delivered.
pub fn flap_stream(
    input: impl Read,
    options: &Options,
    mut on_item: impl FnMut(FlapStreamItem),
) -> io::Result<FlapStreamSummary> {
    let mut deframer = FlapDeframer::new(vec![0u8; oscar_flap::MAX_FRAME_LEN]);
    let mut summary = FlapStreamSummary::default();
    let mut handle = |summary: &mut FlapStreamSummary, event: &FlapEvent<'_>| {
        let (kind, len) = match *event {
            FlapEvent::Frame(f) => {
                summary.frames += 1;
                on_item(FlapStreamItem::Frame(FlapStreamFrame {
                    number: summary.frames,
                    offset: f.offset,
                    data: f.bytes.to_vec(),
                    packet: dissect_flap(summary.frames, f.bytes, options),
                }));
                return;
            }
            FlapEvent::BadStart { .. } => {
                summary.bad_start += 1;
                ("bad-start", 1)
            }
            FlapEvent::TooLong { limit, .. } => {
                summary.too_long += 1;
                ("too-long", limit)
            }
            FlapEvent::OldSignoff { .. } => {
                summary.old_signoff += 1;
                ("old-signoff", oscar_flap::OLD_SIGNOFF_LEN)
            }
            FlapEvent::Truncated { len, .. } => {
                summary.truncated += 1;
                ("truncated", len)
            }
        };
        on_item(FlapStreamItem::Note(StreamNote {
            kind,
            offset: event.offset(),
            len,
            accm: None,
            text: event.to_string(),
        }));
    };
    let bytes = read_chunks(input, |chunk| {
        let mut rest = chunk;
        while let Some(event) = deframer.decode(&mut rest) {
            handle(&mut summary, &event);
        }
    });
    summary.bytes = bytes?;
    if let Some(event) = deframer.finish() {
        handle(&mut summary, &event);
    }
    Ok(summary)
}

/// The JSON object of a `flap` item: for a FLAP `{"frame", "offset", "len", "protocols",
/// "layers"}` (plus `malformed`/`errors`), for a note `{"event", "offset", "len"}`.
#[must_use]
pub fn flap_item_json(item: &FlapStreamItem) -> Value {
    match item {
        FlapStreamItem::Frame(f) => {
            let mut packet = match f.packet.to_json() {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            let mut m = Map::new();
            m.insert("frame".into(), json!(f.number));
            m.insert("offset".into(), json!(f.offset));
            m.insert("len".into(), json!(f.data.len()));
            for key in ["protocols", "layers", "malformed", "errors"] {
                if let Some(v) = packet.remove(key) {
                    m.insert(key.into(), v);
                }
            }
            Value::Object(m)
        }
        FlapStreamItem::Note(n) => json!({"event": n.kind, "offset": n.offset, "len": n.len}),
    }
}

/// Writes one `flap` item in `format`: JSON lines, or a block per FLAP (a header line, then
/// the layers) and a `--` line per note.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_flap_item(
    out: &mut impl Write,
    item: &FlapStreamItem,
    format: Format,
) -> io::Result<()> {
    match (format, item) {
        (Format::Json, _) => {
            serde_json::to_writer(&mut *out, &flap_item_json(item))?;
            out.write_all(b"\n")
        }
        (Format::Layered { verbose }, FlapStreamItem::Frame(f)) => {
            writeln!(
                out,
                "frame {} @{}: {} bytes, {}",
                f.number,
                f.offset,
                f.data.len(),
                f.packet.protocols()
            )?;
            write_layers(out, &f.packet, verbose, 13)
        }
        (Format::Layered { .. }, FlapStreamItem::Note(n)) => writeln!(out, "-- {}", n.text),
    }
}

/// Reads `input` to its end in 64 KiB chunks, handing each to `each` (a read interrupted
/// by a signal is retried); returns the bytes read.
///
/// # Errors
/// Whatever `input` returns; the chunks before the error have been handed over.
pub(crate) fn read_chunks(mut input: impl Read, mut each: impl FnMut(&[u8])) -> io::Result<u64> {
    let mut chunk = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += n as u64;
        each(chunk.get(..n).unwrap_or_default());
    }
}

/// Runs a stream decoder that hands its items to a callback, writing each item with
/// `write` until a write fails; gives the decoder's summary, or the first write error.
fn write_each<I, S>(
    run: impl FnOnce(&mut dyn FnMut(I)) -> io::Result<S>,
    mut write: impl FnMut(&I) -> io::Result<()>,
) -> io::Result<S> {
    let mut write_error = None;
    let summary = run(&mut |item| {
        if write_error.is_none()
            && let Err(e) = write(&item)
        {
            write_error = Some(e);
        }
    })?;
    match write_error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flap_stream_reports_frames_and_notes() {
        // Two FLAPs of ndpi_Oscar.pcap (frame 5; frame 7's SNAC 1/3), a stray byte, then
        // the old sign-off at the end.
        let mut wire = vec![0x2a, 0x01, 0x19, 0x8a, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01];
        wire.extend_from_slice(&[
            0x2a, 0x02, 0x19, 0x8b, 0x00, 0x20, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x80, 0x2e,
            0x7d, 0x10, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x08, 0x00, 0x09,
            0x00, 0x0b, 0x00, 0x13, 0x00, 0x15, 0x00, 0x22, 0x00, 0x25,
        ]);
        wire.extend_from_slice(&[0x00, 0x2a, 0x04, 0x19, 0x8c]);
        let mut items = Vec::new();
        let summary = flap_stream(&wire[..], &Options::default(), |i| items.push(i)).unwrap();
        assert_eq!(
            summary,
            FlapStreamSummary {
                bytes: 53,
                frames: 2,
                bad_start: 1,
                too_long: 0,
                old_signoff: 1,
                truncated: 0
            }
        );
        let json: Vec<Value> = items.iter().map(flap_item_json).collect();
        assert_eq!(json[0]["protocols"], json!("aim"));
        assert_eq!(json[0]["layers"][0]["version"], json!("00:00:00:01"));
        assert_eq!(json[1]["protocols"], json!("aim:aim_generic"));
        assert_eq!(json[1]["offset"], json!(10));
        assert_eq!(json[1]["layers"][0]["snac"]["id"], json!(2150530320u32));
        assert_eq!(json[1]["layers"][1]["pos"], json!(16));
        assert_eq!(
            json[2],
            json!({"event": "bad-start", "offset": 48, "len": 1})
        );
        assert_eq!(
            json[3],
            json!({"event": "old-signoff", "offset": 49, "len": 4})
        );
        let mut text = Vec::new();
        for i in &items {
            write_flap_item(&mut text, i, Format::Layered { verbose: false }).unwrap();
        }
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with("frame 1 @0: 10 bytes, aim\n  aim           @0        10  FLAP New Connection seq 6538 len 4\n"));
        assert!(text.ends_with("-- FLAP @49 old sign-off seq 6540 (no length)\n"));
    }

    #[test]
    fn accm_values_parse() {
        assert_eq!("ffffffff".parse(), Ok(RxAccm::Fixed(0xffff_ffff)));
        assert_eq!("0x000a0000".parse(), Ok(RxAccm::Fixed(0x000a_0000)));
        assert_eq!("0".parse(), Ok(RxAccm::Fixed(0)));
        assert_eq!("Follow".parse(), Ok(RxAccm::Follow));
        for bad in ["", "0x", "123456789", "xyz", "-1"] {
            assert!(bad.parse::<RxAccm>().is_err(), "{bad}");
        }
        assert_eq!(
            "zz".parse::<RxAccm>().unwrap_err().to_string(),
            "bad ACCM \"zz\": expected up to 8 hex digits (e.g. ffffffff, 0x000a0000) or `follow`"
        );
    }

    #[test]
    fn notes_and_bad_frames_are_reported() {
        // A frame with a bad FCS, an aborted frame, a short one, and an unterminated one.
        let wire = [
            0x7e, 0xff, 0x7d, 0x23, 0xc0, 0x21, 0x7d, 0x21, 0x7d, 0x21, 0x7d, 0x20, 0x7d, 0x24,
            0xd1, 0xb4, 0x7e, 0x41, 0x7d, 0x7e, 0x41, 0x42, 0x7e, 0x41,
        ];
        let mut items = Vec::new();
        let summary = ppp_hdlc(
            &wire[..],
            &HdlcConfig::default(),
            &Options::default(),
            |i| items.push(i),
        )
        .unwrap();
        assert_eq!(
            summary,
            StreamSummary {
                bytes: 24,
                frames: 1,
                fcs_good: 0,
                fcs_bad: 1,
                aborted: 1,
                short: 1,
                too_long: 0,
                unterminated: 1
            }
        );
        // The layers are whatever `dissect` makes of a LINKTYPE_PPP packet.
        let StreamItem::Frame(f) = &items[0] else {
            panic!("not a frame")
        };
        let first = item_json(&items[0]);
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys[..6],
            ["frame", "offset", "len", "fcs", "protocols", "layers"]
        );
        assert_eq!(
            (
                &first["frame"],
                &first["offset"],
                &first["len"],
                &first["fcs"]
            ),
            (&json!(1), &json!(1), &json!(8), &json!("bad"))
        );
        assert_eq!(first["protocols"], json!(f.packet.protocols()));
        assert_eq!(first["layers"][0]["pos"], json!(0));
        let json: Vec<String> = items.iter().map(|i| item_json(i).to_string()).collect();
        assert_eq!(json[1], r#"{"event":"aborted","offset":17,"len":1}"#);
        assert_eq!(json[2], r#"{"event":"short","offset":20,"len":2}"#);
        assert_eq!(json[3], r#"{"event":"unterminated","offset":23,"len":1}"#);
        let mut text = Vec::new();
        for i in &items {
            write_item(&mut text, i, Format::Layered { verbose: false }).unwrap();
        }
        let text = String::from_utf8(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!(
                "frame 1 @1: 8 bytes (15 on the wire), FCS-16 0xb4d1 bad (computed 0xb5d1), {}",
                f.packet.protocols()
            )
        );
        assert_eq!(lines[1], "  PPP LCP (0xc021), 4 bytes");
        assert_eq!(lines.len(), 2 + f.packet.layers.len() + 3);
        assert_eq!(
            lines[lines.len() - 3..],
            [
                "-- PPP-HDLC frame @17 aborted after 1 bytes",
                "-- PPP-HDLC frame @20 too short (2 bytes), discarded",
                "-- PPP-HDLC stream ends inside the frame @23 after 1 bytes",
            ]
        );
    }
}
