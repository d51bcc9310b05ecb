//! The push decoder of a control connection direction.

use super::reply::{is_terminal, line_head};
use super::{CommandRepr, Reply, strip_eol};
use codec_core::Error;
use core::fmt;

/// Default buffer size of [`Decoder`]: the longest command line, or the longest reply
/// with all its lines, accepted. NetBSD's ftpd sends a 230 banner of about 3 KiB.
pub const DEFAULT_CAPACITY: usize = 8192;

/// Which side of the control connection a decoder reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server: command lines.
    Commands,
    /// Server to client: replies, single- or multi-line.
    Replies,
}

/// What the decoder found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A command line.
    Command(CommandRepr<'a>),
    /// A complete reply, every line of a multi-line one.
    Reply(Reply<'a>),
    /// A line (or, for replies, a group of lines) that is not a command or a reply: a
    /// reply line that does not start with a code, a command whose verb is not letters,
    /// an empty line.
    Invalid {
        /// The bytes, line ends included but the last.
        bytes: &'a [u8],
        /// Why they do not parse (offset from their first byte).
        error: Error,
    },
    /// A command line or a reply longer than the buffer: reported once, as soon as it
    /// overflows; the rest of it is skipped (for a reply, up to its terminal line).
    TooLong {
        /// The buffer size.
        limit: usize,
    },
    /// [`Decoder::finish`]: the stream ended inside a line or a multi-line reply.
    Unterminated {
        /// Bytes received of it.
        len: usize,
    },
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Command(c) => c.fmt(f),
            Event::Reply(r) => r.fmt(f),
            Event::Invalid { bytes, error } => {
                write!(
                    f,
                    "FTP invalid line \"{}\": {error}",
                    strip_eol(bytes).escape_ascii()
                )
            }
            Event::TooLong { limit } => {
                write!(f, "FTP line or reply longer than {limit} bytes, skipped")
            }
            Event::Unterminated { len } => {
                write!(
                    f,
                    "FTP stream ends inside a line or reply after {len} bytes"
                )
            }
        }
    }
}

/// Whether a line completes the unit (a command, or a reply) being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Done,
    More,
}

/// Takes one complete line (line end optional) into the unit being read: for replies,
/// follows the multi-line structure in `open`. Reads at most the first 4 bytes.
fn step(direction: Direction, strict: bool, open: &mut Option<u16>, line: &[u8]) -> Step {
    match direction {
        Direction::Commands => Step::Done,
        Direction::Replies => {
            let line = strip_eol(line);
            match *open {
                None => match line_head(line) {
                    Some((code, b'-')) => {
                        *open = Some(code);
                        Step::More
                    }
                    _ => Step::Done,
                },
                Some(code) => {
                    if is_terminal(line, code, strict) {
                        *open = None;
                        Step::Done
                    } else {
                        Step::More
                    }
                }
            }
        }
    }
}

/// Skipping a unit that overflowed: what is needed of the current line to follow the
/// reply structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Discard {
    head: [u8; 5],
    line_len: usize,
}

/// A push decoder for one direction of an FTP control connection.
///
/// `B` is the buffer (an array — `Decoder<[u8; 8192]>` is the default —, a `&mut [u8]`,
/// a `Vec<u8>`): its length is the longest command line or whole reply accepted. Units
/// that arrive whole inside one chunk are borrowed from it; only a unit cut by the end of
/// a chunk is copied, so memory is bounded by `B`.
///
/// Lines end at LF (CR LF, or a bare LF from a lax peer). A multi-line reply ends at a
/// line of three digits followed by a space or by nothing; with
/// [`set_strict`](Self::set_strict), only with the opening code (RFC 959 §4.2).
#[derive(Clone)]
pub struct Decoder<B = [u8; DEFAULT_CAPACITY]> {
    buf: B,
    len: usize,
    line_start: usize,
    direction: Direction,
    strict: bool,
    /// The code of the multi-line reply being read (its first line is complete).
    open: Option<u16>,
    discard: Option<Discard>,
    position: u64,
    start: u64,
}

impl<B> fmt::Debug for Decoder<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("direction", &self.direction)
            .field("pending", &self.len)
            .field("open", &self.open)
            .field("discarding", &self.discard.is_some())
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Decoder<B> {
    /// A decoder of `direction` with `buf` as its buffer, tolerant of a terminal reply
    /// line with another code.
    pub fn new(direction: Direction, buf: B) -> Self {
        Decoder {
            buf,
            len: 0,
            line_start: 0,
            direction,
            strict: false,
            open: None,
            discard: None,
            position: 0,
            start: 0,
        }
    }

    /// Multi-line replies end only at a line with the same code (RFC 959 §4.2) when
    /// `strict`; at any `ddd SP` line otherwise (the default: glFTPd ends `553-` with
    /// `150 `).
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// The direction.
    #[must_use]
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The longest unit accepted: the buffer size.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes consumed: the stream offset of the next byte.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Stream offset of the first byte of the last event's unit.
    #[must_use]
    pub fn event_offset(&self) -> u64 {
        self.start
    }

    /// Gives the buffer back.
    pub fn into_inner(self) -> B {
        self.buf
    }

    fn advance(&mut self, input: &mut &[u8], n: usize) {
        *input = input.get(n..).unwrap_or(&[]);
        self.position = self.position.wrapping_add(n as u64);
    }

    fn unit_event<'u>(&self, unit: &'u [u8]) -> Event<'u> {
        let result = match self.direction {
            Direction::Commands => CommandRepr::parse(unit).map(Event::Command),
            Direction::Replies => Reply::parse_with(unit, self.strict).map(Event::Reply),
        };
        result.unwrap_or_else(|error| Event::Invalid {
            bytes: strip_eol(unit),
            error,
        })
    }

    fn begin_discard(&mut self, line_prefix: &[u8], line_more: &[u8]) -> Event<'static> {
        let mut head = [0u8; 5];
        for (slot, &b) in head
            .iter_mut()
            .zip(line_prefix.iter().chain(line_more.iter()))
        {
            *slot = b;
        }
        self.discard = Some(Discard {
            head,
            line_len: line_prefix.len() + line_more.len(),
        });
        self.len = 0;
        self.line_start = 0;
        Event::TooLong {
            limit: self.capacity(),
        }
    }

    /// Consumes bytes from the front of `input` up to the end of the next event and returns
    /// it; `None` when `input` is used up.
    ///
    /// ```
    /// use codec_app::ftp::{Decoder, Direction, Event};
    /// let mut d: Decoder = Decoder::new(Direction::Commands, [0; 8192]);
    /// let mut input = &b"USER anonymous\r\nPASS x\r\nSY"[..];
    /// let Some(Event::Command(c)) = d.decode(&mut input) else { panic!() };
    /// assert_eq!(c.arg(), Some(&b"anonymous"[..]));
    /// assert!(matches!(d.decode(&mut input), Some(Event::Command(_))));
    /// assert_eq!(d.decode(&mut input), None); // "SY" waits for the rest
    /// let mut input = &b"ST\r\n"[..];
    /// let Some(Event::Command(c)) = d.decode(&mut input) else { panic!() };
    /// assert_eq!(c.verb_bytes(), b"SYST");
    /// ```
    pub fn decode<'s, 'i: 's>(&'s mut self, input: &mut &'i [u8]) -> Option<Event<'s>> {
        loop {
            let chunk: &'i [u8] = input;
            if chunk.is_empty() {
                return None;
            }
            if let Some(mut d) = self.discard {
                let lf = memchr::memchr(b'\n', chunk);
                let part = chunk.get(..lf.unwrap_or(chunk.len())).unwrap_or(&[]);
                for &b in part {
                    if let Some(slot) = d.head.get_mut(d.line_len) {
                        *slot = b;
                    }
                    d.line_len = d.line_len.saturating_add(1);
                }
                let Some(lf) = lf else {
                    self.discard = Some(d);
                    self.advance(input, chunk.len());
                    return None;
                };
                self.advance(input, lf + 1);
                let n = d.line_len.min(d.head.len());
                let step = step(
                    self.direction,
                    self.strict,
                    &mut self.open,
                    d.head.get(..n).unwrap_or(&[]),
                );
                d.line_len = 0;
                self.discard = match step {
                    Step::Done => None,
                    Step::More => Some(d),
                };
                continue;
            }
            if self.len == 0 {
                // Fast path: the unit may be whole in the chunk.
                self.start = self.position;
                let mut at = 0;
                loop {
                    let rest = chunk.get(at..).unwrap_or(&[]);
                    let Some(lf) = memchr::memchr(b'\n', rest) else {
                        break;
                    };
                    let line = rest.get(..=lf).unwrap_or(&[]);
                    at += lf + 1;
                    if step(self.direction, self.strict, &mut self.open, line) == Step::Done {
                        let unit = chunk.get(..at).unwrap_or(&[]);
                        self.advance(input, at);
                        if at > self.capacity() {
                            // The same limit as for a unit that arrives in pieces.
                            return Some(Event::TooLong {
                                limit: self.capacity(),
                            });
                        }
                        return Some(self.unit_event(unit));
                    }
                }
                // Incomplete: keep it.
                let capacity = self.capacity();
                self.advance(input, chunk.len());
                if chunk.len() > capacity {
                    let line = chunk.get(at..).unwrap_or(&[]);
                    return Some(self.begin_discard(line, &[]));
                }
                if let Some(dst) = self.buf.as_mut().get_mut(..chunk.len()) {
                    dst.copy_from_slice(chunk);
                }
                self.len = chunk.len();
                self.line_start = at;
                return None;
            }
            // Slow path: complete the current line from the chunk.
            let lf = memchr::memchr(b'\n', chunk);
            let take = lf.map_or(chunk.len(), |i| i + 1);
            let part = chunk.get(..take).unwrap_or(&[]);
            let end = self.len.saturating_add(take);
            let fits = match self.buf.as_mut().get_mut(self.len..end) {
                Some(dst) => {
                    dst.copy_from_slice(part);
                    true
                }
                None => false,
            };
            self.advance(input, take);
            if !fits {
                let line = part.strip_suffix(b"\n").unwrap_or(part);
                let have = self
                    .buf
                    .as_ref()
                    .get(self.line_start..self.len)
                    .unwrap_or(&[]);
                let mut prefix = [0u8; 5];
                let n = have.len().min(prefix.len());
                let have_len = have.len();
                if let (Some(dst), Some(src)) = (prefix.get_mut(..n), have.get(..n)) {
                    dst.copy_from_slice(src);
                }
                let event = self.begin_discard(prefix.get(..n).unwrap_or(&[]), line);
                if let Some(d) = self.discard.as_mut() {
                    d.line_len = have_len.saturating_add(line.len());
                }
                if lf.is_some()
                    && let Some(mut d) = self.discard
                {
                    // The line that overflowed is complete: follow the reply structure.
                    let n = d.line_len.min(d.head.len());
                    let done = step(
                        self.direction,
                        self.strict,
                        &mut self.open,
                        d.head.get(..n).unwrap_or(&[]),
                    );
                    d.line_len = 0;
                    self.discard = (done == Step::More).then_some(d);
                }
                return Some(event);
            }
            self.len = end;
            lf?;
            let line = self.buf.as_ref().get(self.line_start..end).unwrap_or(&[]);
            match step(self.direction, self.strict, &mut self.open, line) {
                Step::More => self.line_start = end,
                Step::Done => {
                    let len = self.len;
                    self.len = 0;
                    self.line_start = 0;
                    let unit = self.buf.as_ref().get(..len).unwrap_or(&[]);
                    return Some(self.unit_event(unit));
                }
            }
        }
    }

    /// Feeds `chunk` and calls `on_event` for every event in it, in order.
    pub fn push(&mut self, chunk: &[u8], mut on_event: impl FnMut(Event<'_>)) {
        let mut input = chunk;
        while let Some(event) = self.decode(&mut input) {
            on_event(event);
        }
    }

    /// Ends the stream: a unit left incomplete (a line without its LF, a multi-line reply
    /// without its terminal line) is [`Event::Unterminated`]; the decoder starts afresh.
    pub fn finish(&mut self) -> Option<Event<'static>> {
        let event = if let Some(d) = self.discard {
            Some(Event::Unterminated { len: d.line_len })
        } else if self.len > 0 {
            Some(Event::Unterminated { len: self.len })
        } else {
            None
        };
        self.len = 0;
        self.line_start = 0;
        self.open = None;
        self.discard = None;
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::{String, ToString};
    use std::vec::Vec;

    fn events<B: AsRef<[u8]> + AsMut<[u8]>>(d: &mut Decoder<B>, chunks: &[&[u8]]) -> Vec<String> {
        let mut out = Vec::new();
        for c in chunks {
            d.push(c, |e| out.push(format!("{e:?}")));
        }
        out.extend(d.finish().map(|e| format!("{e:?}")));
        out
    }

    /// The server side of ftp_lftp.pcap's start, and zeek_ftp_ipv4.pcap's 230 opening.
    const REPLIES: &[u8] = b"220-gencaps test FTP server\r\n220-Anonymous access only.\r\n220-This banner is multi-line.\r\n220 \r\n211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n530 Please login with USER and PASS.\r\n230-\r\n    The NetBSD Project FTP Server\r\n230 Guest login ok.\r\n";

    #[test]
    fn replies_whatever_the_chunking() {
        let mut d: Decoder = Decoder::new(Direction::Replies, [0; DEFAULT_CAPACITY]);
        let whole = events(&mut d, &[REPLIES]);
        let summary: Vec<String> = {
            let mut out = Vec::new();
            d.push(REPLIES, |e| out.push(e.to_string()));
            out
        };
        assert_eq!(
            summary,
            [
                "FTP 220 gencaps test FTP server [+3 lines]",
                "FTP 211 Features: [+8 lines]",
                "FTP 530 Please login with USER and PASS.",
                "FTP 230 [+2 lines]",
            ]
        );
        for a in 0..=REPLIES.len() {
            for b in [a, (a + 7).min(REPLIES.len()), REPLIES.len()] {
                let got = events(&mut d, &[&REPLIES[..a], &REPLIES[a..b], &REPLIES[b..]]);
                assert_eq!(got, whole, "cuts {a} {b}");
            }
        }
        // Byte at a time.
        let bytes: Vec<&[u8]> = REPLIES.chunks(1).collect();
        assert_eq!(events(&mut d, &bytes), whole);
    }

    /// The FTP control connection of the seed trace ("A short story of TCP",
    /// `../shared/vectors/seed_story.jsonl`, checksum-verified TCP payloads).
    static SEED_REPLIES: &[u8] = b"220 diamant FTP server (Version wu-2.4(7) Thu Oct 17 18:51:31 CST 1996) ready.\r\n331 Guest login ok, send your complete e-mail address as password.\r\n230 Guest login ok, access restrictions apply.\r\n200 Type set to I.\r\n250 CWD command successful.\r\n200 PORT command successful.\r\n150 Opening BINARY mode data connection for speec12.xmo (26752 bytes).\r\n226 Transfer complete.\r\n221 Goodbye.\r\n";
    static SEED_COMMANDS: &[u8] = b"USER anonymous\r\nPASS zapf@em\r\nTYPE I\r\nCWD pub/people/mz\r\nPORT 141,2,28,110,4,223\r\nRETR speec12.xmo\r\nQUIT\r\n";

    #[test]
    fn the_seed_trace_session() {
        let mut d: Decoder = Decoder::new(Direction::Replies, [0; DEFAULT_CAPACITY]);
        let mut codes = Vec::new();
        d.push(SEED_REPLIES, |e| {
            let Event::Reply(r) = e else { panic!("{e:?}") };
            codes.push(r.code().value());
        });
        assert_eq!(codes, [220, 331, 230, 200, 250, 200, 150, 226, 221]);
        let mut d: Decoder = Decoder::new(Direction::Commands, [0; DEFAULT_CAPACITY]);
        let mut verbs = Vec::new();
        let mut port = None;
        d.push(SEED_COMMANDS, |e| {
            let Event::Command(c) = e else {
                panic!("{e:?}")
            };
            verbs.push(c.verb());
            if c.verb() == crate::ftp::Verb::Port {
                port = Some(c.host_port().unwrap());
            }
        });
        use crate::ftp::Verb::*;
        assert_eq!(verbs, [User, Pass, Type, Cwd, Port, Retr, Quit]);
        // polaris 141.2.28.110 listens on 4 * 256 + 223 = 1247.
        assert_eq!(
            port,
            Some(crate::ftp::HostPort::new(
                core::net::Ipv4Addr::new(141, 2, 28, 110),
                1247
            ))
        );
    }

    #[test]
    fn commands_and_invalid_lines() {
        let mut d = Decoder::new(Direction::Commands, [0u8; 64]);
        let got = events(&mut d, &[b"USER anonymous\r\n\r\n220 x\nPASV\r\nQUI"]);
        assert_eq!(got.len(), 5);
        assert!(got[0].starts_with("Command("));
        assert!(got[1].starts_with("Invalid { bytes: [], error"));
        assert!(got[2].starts_with("Invalid { bytes: [50, 50, 48, 32, 120]"));
        assert!(got[3].starts_with("Command("));
        assert_eq!(got[4], "Unterminated { len: 3 }");
        assert_eq!(d.position(), 33);
    }

    #[test]
    fn too_long_units_are_skipped_whole() {
        let mut stream = Vec::new();
        stream.extend_from_slice(b"230-\r\n");
        for _ in 0..10 {
            stream.extend_from_slice(b"    a line of a long banner\r\n");
        }
        stream.extend_from_slice(b"230 Guest login ok.\r\n221 Bye\r\n");
        let mut small = Decoder::new(Direction::Replies, [0u8; 40]);
        let want = [
            "TooLong { limit: 40 }".to_string(),
            "Reply(FTP 221 Bye)".to_string(),
        ];
        let render = |d: &mut Decoder<[u8; 40]>, chunks: &[&[u8]]| {
            let mut out = Vec::new();
            for c in chunks {
                d.push(c, |e| {
                    out.push(match e {
                        Event::Reply(r) => format!("Reply({r})"),
                        other => format!("{other:?}"),
                    })
                });
            }
            out.extend(d.finish().map(|e| format!("{e:?}")));
            out
        };
        for a in 0..=stream.len() {
            assert_eq!(
                render(&mut small, &[&stream[..a], &stream[a..]]),
                want,
                "cut {a}"
            );
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(render(&mut small, &bytes), want);
        // A long command line.
        let mut d = Decoder::new(Direction::Commands, [0u8; 8]);
        assert_eq!(
            events(&mut d, &[b"RETR averylongname\r\nNOOP\r\n"]).len(),
            2
        );
        assert_eq!(
            events(&mut d, &[b"RETR a", b"verylongname\r\nNOOP\r\n"])[0],
            "TooLong { limit: 8 }"
        );
    }

    #[test]
    fn strict_mode_and_lone_lf() {
        let glftpd = b"553-Sorry\r\n150 Ok\r\n553 End\r\n";
        let mut d = Decoder::new(Direction::Replies, [0u8; 256]);
        let got = events(&mut d, &[glftpd]);
        assert_eq!(got.len(), 2); // 553- ... 150, then a lone 553
        d.set_strict(true);
        let got = events(&mut d, &[glftpd]);
        assert_eq!(got.len(), 1);
        let mut d = Decoder::new(Direction::Replies, [0u8; 256]);
        let mut out = Vec::new();
        d.push(b"200 ok\n211-a\nb\n211 c\n", |e| out.push(e.to_string()));
        assert_eq!(out, ["FTP 200 ok", "FTP 211 a [+2 lines]"]);
        assert_eq!(d.event_offset(), 7);
        assert_eq!(
            format!("{d:?}"),
            "Decoder { direction: Replies, pending: 0, open: None, discarding: false, position: 21, .. }"
        );
    }
}
