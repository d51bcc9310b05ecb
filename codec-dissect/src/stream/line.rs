//! `--stream ftp|telnet|msnp`: one direction of a line-protocol connection as a raw byte
//! file (what `tcpflow` or `tshark -z follow,tcp,raw` write), cut into events by the
//! codec's push decoder.
//!
//! - `ftp`: the direction is told by the first byte: a digit starts a server's replies
//!   (every reply, multi-line ones whole), anything else a client's commands;
//! - `telnet`: data, commands, negotiations and subnegotiations (typed); data is shown a
//!   line at a time (cut after each LF, before each command, and every 4096 bytes), so the
//!   output does not depend on how the file is read;
//! - `msnp`: MSN messenger commands with their payloads.
//!
//! ```
//! use codec_dissect::stream::{LineItem, StreamKind, line_stream};
//! let wire = b"220-Hello\r\n220 there\r\n331 Password?\r\n";
//! let mut items: Vec<LineItem> = Vec::new();
//! let summary = line_stream(StreamKind::Ftp, &wire[..], |i| items.push(i))?;
//! assert_eq!(summary.events, 2);
//! assert_eq!((items[0].offset, items[0].event), (0, "reply"));
//! assert_eq!(items[1].summary, "FTP 331 Password?");
//! assert_eq!(items[1].fields["code"], 331);
//! # Ok::<(), std::io::Error>(())
//! ```

use super::StreamKind;
use crate::output::Format;
use codec_app::{ftp, msnp, telnet};
use serde_json::{Map, Value, json};
use std::io::{self, Read, Write};

/// Data of a telnet stream is shown in pieces of at most this many bytes.
pub const MAX_DATA_ITEM: usize = 4096;

/// One event of a line-protocol stream.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    /// Stream offset of its first byte.
    pub offset: u64,
    /// Bytes it takes in the stream.
    pub len: u64,
    /// `command`, `reply`, `data`, `negotiation`, `subnegotiation`, `invalid`, `too-long`,
    /// `unterminated`.
    pub event: &'static str,
    /// The codec's one-line summary.
    pub summary: String,
    /// Its fields for JSON output.
    pub fields: Map<String, Value>,
}

/// Counts over a whole stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineSummary {
    /// Bytes read.
    pub bytes: u64,
    /// Items delivered.
    pub events: u64,
    /// Of which `invalid`, `too-long` or `unterminated`.
    pub problems: u64,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn item(
    offset: u64,
    len: u64,
    event: &'static str,
    summary: String,
    fields: Map<String, Value>,
) -> LineItem {
    LineItem {
        offset,
        len,
        event,
        summary,
        fields,
    }
}

fn ftp_item(e: &ftp::Event<'_>, offset: u64, end: u64) -> LineItem {
    let mut f = Map::new();
    let len = end.saturating_sub(offset);
    match e {
        ftp::Event::Command(c) => {
            f.insert("verb".into(), json!(text(c.verb_bytes())));
            if let Some(a) = c.arg() {
                f.insert("arg".into(), json!(text(a)));
            }
            item(offset, len, "command", c.to_string(), f)
        }
        ftp::Event::Reply(r) => {
            f.insert("code".into(), json!(r.code().value()));
            let lines: Vec<Value> = r.lines().map(|l| json!(text(l))).collect();
            f.insert("lines".into(), Value::Array(lines));
            if let Ok(hp) = r.pasv_addr()
                && r.code().value() == 227
            {
                f.insert("pasv".into(), json!(format!("{}:{}", hp.addr, hp.port)));
            }
            item(offset, len, "reply", r.to_string(), f)
        }
        ftp::Event::Invalid { bytes, error } => {
            f.insert("error".into(), json!(error.to_string()));
            f.insert("text".into(), json!(text(bytes)));
            item(offset, len, "invalid", e.to_string(), f)
        }
        ftp::Event::TooLong { limit } => {
            f.insert("limit".into(), json!(limit));
            item(offset, len, "too-long", e.to_string(), f)
        }
        ftp::Event::Unterminated { len: n } => {
            f.insert("len".into(), json!(n));
            item(offset, len, "unterminated", e.to_string(), f)
        }
    }
}

fn msnp_item(e: &msnp::Event<'_>, offset: u64, end: u64) -> LineItem {
    let mut f = Map::new();
    let len = end.saturating_sub(offset);
    match e {
        msnp::Event::Command(c) => {
            f.insert("command".into(), json!(text(&c.name())));
            if let Some(t) = c.trid() {
                f.insert("trid".into(), json!(t));
            }
            let params: Vec<Value> = c.params().map(|p| json!(text(p))).collect();
            f.insert("params".into(), Value::Array(params));
            if let Some(p) = c.payload() {
                f.insert("payload".into(), json!(text(p)));
            }
            item(offset, len, "command", c.to_string(), f)
        }
        msnp::Event::Invalid { line, error } => {
            f.insert("error".into(), json!(error.to_string()));
            f.insert("text".into(), json!(text(line)));
            item(offset, len, "invalid", e.to_string(), f)
        }
        msnp::Event::TooLong { limit } => {
            f.insert("limit".into(), json!(limit));
            item(offset, len, "too-long", e.to_string(), f)
        }
        msnp::Event::Unterminated { len: n } => {
            f.insert("len".into(), json!(n));
            item(offset, len, "unterminated", e.to_string(), f)
        }
    }
}

fn telnet_item(e: &telnet::Event<'_>, offset: u64, end: u64) -> LineItem {
    let mut f = Map::new();
    let len = end.saturating_sub(offset);
    match e {
        telnet::Event::Data(_) => item(offset, len, "data", e.to_string(), f),
        telnet::Event::Command(c) => {
            f.insert("cmd".into(), json!(c.value()));
            item(offset, len, "command", e.to_string(), f)
        }
        telnet::Event::Negotiation(n) => {
            f.insert("cmd".into(), json!(n.verb.byte()));
            f.insert("opt".into(), json!(n.option.value()));
            item(offset, len, "negotiation", e.to_string(), f)
        }
        telnet::Event::Subnegotiation(sb) => {
            f.insert("opt".into(), json!(sb.option.value()));
            f.insert(
                "params_hex".into(),
                json!(crate::dissect::colon_hex(sb.params)),
            );
            f.insert("terminated".into(), json!(sb.terminated));
            item(offset, len, "subnegotiation", e.to_string(), f)
        }
        telnet::Event::TooLong { option, limit } => {
            f.insert("opt".into(), json!(option.value()));
            f.insert("limit".into(), json!(limit));
            item(offset, len, "too-long", e.to_string(), f)
        }
        telnet::Event::Unterminated { .. } => item(offset, len, "unterminated", e.to_string(), f),
    }
}

/// Pending telnet data, shown a line at a time.
struct DataRun {
    offset: u64,
    bytes: Vec<u8>,
}

impl DataRun {
    fn flush(&mut self, end: u64, out: &mut impl FnMut(LineItem)) {
        if self.bytes.is_empty() {
            return;
        }
        let mut f = Map::new();
        f.insert("data".into(), json!(text(&self.bytes)));
        let summary = telnet::Event::Data(&self.bytes).to_string();
        out(item(
            self.offset,
            end.saturating_sub(self.offset),
            "data",
            summary,
            f,
        ));
        self.bytes.clear();
        self.offset = end;
    }

    /// Adds the data of one decoder event, which spans `start..end` on the wire.
    fn add(&mut self, data: &[u8], start: u64, end: u64, out: &mut impl FnMut(LineItem)) {
        if self.bytes.is_empty() {
            self.offset = start;
        }
        // A run is as long on the wire as in data, but for `IAC IAC` (2 bytes for 1).
        let exact = end.saturating_sub(start) == data.len() as u64;
        for (i, &b) in data.iter().enumerate() {
            self.bytes.push(b);
            if b == b'\n' || self.bytes.len() >= MAX_DATA_ITEM {
                let at = if exact { start + i as u64 + 1 } else { end };
                self.flush(at, out);
            }
        }
    }
}

/// A push decoder for one direction of a line-protocol connection, turning chunks into
/// [`LineItem`]s with their stream offsets: what [`line_stream`] runs over a file, and what
/// a TCP reassembler can feed with each direction's in-order bytes.
///
/// The items do not depend on how the stream is cut into chunks (telnet data is cut after
/// each LF, before each command, and every [`MAX_DATA_ITEM`] bytes, whatever the chunks).
pub struct LineDecoder {
    kind: StreamKind,
    ftp: Option<ftp::Decoder<Vec<u8>>>,
    telnet: telnet::Decoder<Vec<u8>>,
    msnp: msnp::Decoder<Vec<u8>>,
    run: DataRun,
    summary: LineSummary,
}

impl LineDecoder {
    /// A decoder of `kind` (`Ftp`, `Telnet` or `Msnp`) at stream offset 0.
    ///
    /// # Errors
    /// An `InvalidInput` error for [`StreamKind::PppHdlc`] and [`StreamKind::Flap`].
    pub fn new(kind: StreamKind) -> io::Result<Self> {
        if matches!(kind, StreamKind::PppHdlc | StreamKind::Flap) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "ppp-hdlc is not a line protocol",
            ));
        }
        Ok(LineDecoder {
            kind,
            ftp: None,
            telnet: telnet::Decoder::new(vec![0u8; telnet::DEFAULT_SB_CAPACITY]),
            msnp: msnp::Decoder::new(vec![0u8; msnp::DEFAULT_CAPACITY]),
            run: DataRun {
                offset: 0,
                bytes: Vec::new(),
            },
            summary: LineSummary::default(),
        })
    }

    /// An FTP decoder of a known direction (`Replies` for the server's side), instead of
    /// telling it by the first byte.
    #[must_use]
    pub fn ftp(direction: ftp::Direction) -> Self {
        LineDecoder {
            kind: StreamKind::Ftp,
            ftp: Some(ftp::Decoder::new(
                direction,
                vec![0u8; ftp::DEFAULT_CAPACITY],
            )),
            telnet: telnet::Decoder::new(Vec::new()),
            msnp: msnp::Decoder::new(Vec::new()),
            run: DataRun {
                offset: 0,
                bytes: Vec::new(),
            },
            summary: LineSummary::default(),
        }
    }

    /// Counts so far.
    #[must_use]
    pub fn summary(&self) -> LineSummary {
        self.summary
    }

    fn count(&mut self, items: &mut Vec<LineItem>, on_item: &mut impl FnMut(LineItem)) {
        for i in items.drain(..) {
            self.summary.events += 1;
            if matches!(i.event, "invalid" | "too-long" | "unterminated") {
                self.summary.problems += 1;
            }
            on_item(i);
        }
    }

    /// Feeds the next bytes of the stream; calls `on_item` for every item they complete.
    pub fn push(&mut self, chunk: &[u8], mut on_item: impl FnMut(LineItem)) {
        self.summary.bytes += chunk.len() as u64;
        let mut rest = chunk;
        let mut items: Vec<LineItem> = Vec::new();
        match self.kind {
            StreamKind::Ftp => {
                let d = self.ftp.get_or_insert_with(|| {
                    let direction = if rest.first().is_some_and(u8::is_ascii_digit) {
                        ftp::Direction::Replies
                    } else {
                        ftp::Direction::Commands
                    };
                    ftp::Decoder::new(direction, vec![0u8; ftp::DEFAULT_CAPACITY])
                });
                // The event borrows the decoder: make the item, then read the offsets.
                while let Some(mut i) = d.decode(&mut rest).map(|e| ftp_item(&e, 0, 0)) {
                    i.offset = d.event_offset();
                    i.len = d.position().saturating_sub(i.offset);
                    items.push(i);
                }
            }
            StreamKind::Msnp => {
                let d = &mut self.msnp;
                while let Some(mut i) = d.decode(&mut rest).map(|e| msnp_item(&e, 0, 0)) {
                    i.offset = d.event_offset();
                    i.len = d.position().saturating_sub(i.offset);
                    items.push(i);
                }
            }
            StreamKind::Telnet => {
                let d = &mut self.telnet;
                let run = &mut self.run;
                loop {
                    let owned = match d.decode(&mut rest) {
                        None => break,
                        Some(telnet::Event::Data(bytes)) => Err(bytes.to_vec()),
                        Some(e) => Ok(telnet_item(&e, 0, 0)),
                    };
                    let (start, end) = (d.event_offset(), d.position());
                    match owned {
                        Err(bytes) => {
                            let mut push = |i: LineItem| items.push(i);
                            run.add(&bytes, start, end, &mut push);
                        }
                        Ok(mut i) => {
                            i.offset = start;
                            i.len = end.saturating_sub(start);
                            run.flush(start, &mut |i| items.push(i));
                            items.push(i);
                        }
                    }
                }
            }
            StreamKind::PppHdlc | StreamKind::Flap => {}
        }
        self.count(&mut items, &mut on_item);
    }

    /// Ends the stream: reports what is left incomplete, and the last telnet data.
    pub fn finish(&mut self, mut on_item: impl FnMut(LineItem)) -> LineSummary {
        let end = self.summary.bytes;
        let mut items: Vec<LineItem> = Vec::new();
        match self.kind {
            StreamKind::Ftp => {
                if let Some(d) = self.ftp.as_mut()
                    && let Some(e) = d.finish()
                {
                    items.push(ftp_item(&e, d.event_offset(), end));
                }
            }
            StreamKind::Msnp => {
                if let Some(e) = self.msnp.finish() {
                    items.push(msnp_item(&e, self.msnp.event_offset(), end));
                }
            }
            StreamKind::Telnet => {
                self.run.flush(end, &mut |i| items.push(i));
                if let Some(e) = self.telnet.finish() {
                    let offset = match e {
                        telnet::Event::Unterminated { offset } => offset,
                        _ => end,
                    };
                    items.push(telnet_item(&e, offset, end));
                }
            }
            StreamKind::PppHdlc | StreamKind::Flap => {}
        }
        self.count(&mut items, &mut on_item);
        self.summary
    }
}

/// Reads a line-protocol stream of `kind` (`Ftp`, `Telnet`, `Msnp`) from `input` (in
/// 64 KiB reads) through a [`LineDecoder`] and calls `on_item` for every event, in stream
/// order.
///
/// # Errors
/// Whatever `input` returns; an `InvalidInput` error for [`StreamKind::PppHdlc`] and [`StreamKind::Flap`].
pub fn line_stream(
    kind: StreamKind,
    input: impl Read,
    mut on_item: impl FnMut(LineItem),
) -> io::Result<LineSummary> {
    let mut decoder = LineDecoder::new(kind)?;
    super::read_chunks(input, |chunk| decoder.push(chunk, &mut on_item))?;
    Ok(decoder.finish(&mut on_item))
}

/// Writes one item: a JSON object `{"offset", "len", "event", ...fields}`, or a text line
/// `@offset  summary`.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_line_item(out: &mut impl Write, item: &LineItem, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            let mut m = Map::new();
            m.insert("offset".into(), json!(item.offset));
            m.insert("len".into(), json!(item.len));
            m.insert("event".into(), json!(item.event));
            m.extend(item.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
            serde_json::to_writer(&mut *out, &Value::Object(m))?;
            out.write_all(b"\n")
        }
        Format::Layered { verbose } => {
            writeln!(out, "@{:<7} {}", item.offset, item.summary)?;
            if verbose {
                for (k, v) in &item.fields {
                    writeln!(out, "      {k}: {v}")?;
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(kind: StreamKind, wire: &[u8]) -> (Vec<LineItem>, LineSummary) {
        let mut out = Vec::new();
        let summary = line_stream(kind, wire, |i| out.push(i)).unwrap();
        (out, summary)
    }

    #[test]
    fn telnet_items_with_offsets() {
        // ndpi_telnet.pcap frame 10's NAWS, then data with a doubled 0xFF, two lines, an
        // AYT and a truncated negotiation.
        let wire = b"\xff\xfa\x1f\x00\x50\x00\x20\xff\xf0a\xff\xffb\r\nsecond\r\n\xff\xf6\xff\xfb";
        let (got, summary) = items(StreamKind::Telnet, wire);
        let view: Vec<(u64, u64, &str)> = got.iter().map(|i| (i.offset, i.len, i.event)).collect();
        assert_eq!(
            view,
            [
                (0, 9, "subnegotiation"),
                (9, 6, "data"),
                (15, 8, "data"),
                (23, 2, "command"),
                (25, 2, "unterminated"),
            ]
        );
        assert_eq!(got[0].summary, "IAC SB NAWS 80x32 IAC SE");
        assert_eq!(got[1].fields["data"], "a\u{fffd}b\r\n");
        assert_eq!(
            summary,
            LineSummary {
                bytes: 27,
                events: 5,
                problems: 1
            }
        );
        assert!(line_stream(StreamKind::PppHdlc, &b"x"[..], |_| {}).is_err());
        // The same items whatever the chunking, through the push decoder.
        for cut in 0..=wire.len() {
            let mut d = LineDecoder::new(StreamKind::Telnet).unwrap();
            let mut again = Vec::new();
            d.push(&wire[..cut], |i| again.push(i));
            d.push(&wire[cut..], |i| again.push(i));
            let s = d.finish(|i| again.push(i));
            assert_eq!((&again, s), (&got, summary), "cut {cut}");
        }
    }

    #[test]
    fn ftp_commands_and_msnp() {
        let mut d = LineDecoder::ftp(ftp::Direction::Replies);
        let mut got = Vec::new();
        d.push(b"USER x\r\n", |i| got.push(i));
        assert_eq!(got[0].event, "invalid");
        let (got, _) = items(StreamKind::Ftp, b"USER anonymous\r\nPASS x\r\n");
        assert_eq!((got[1].offset, got[1].len), (16, 8));
        assert_eq!(got[0].fields["verb"], "USER");
        assert_eq!(got[1].summary, "FTP PASS ****");
        let (got, summary) = items(StreamKind::Msnp, b"MSG 4 N 2\r\nhiOUT\r\nUS");
        assert_eq!(got[0].fields["payload"], "hi");
        assert_eq!((got[1].offset, got[1].len), (13, 5));
        assert_eq!(got[2].event, "unterminated");
        assert_eq!(summary.problems, 1);
        let mut out = Vec::new();
        write_line_item(&mut out, &got[1], Format::Json).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"offset\":13,\"len\":5,\"event\":\"command\",\"command\":\"OUT\",\"params\":[]}\n"
        );
    }
}
