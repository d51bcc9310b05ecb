//! MSN Messenger protocol command lines (MSNP, the "MSNMS" of Wireshark:
//! draft-movva-msn-messenger-protocol-00, MSNP2 to MSNP8), as a client and the
//! notification and switchboard servers exchange them on TCP port 1863.
//!
//! ```text
//! USR 1 MD5 I example@passport.com<CRLF>      command, transaction id, parameters
//! JOI name_123@hotmail.com Name_123<CRLF>     server commands may carry no transaction id
//! MSG 4 N 133<CRLF><133 bytes of payload>     payload commands end with the payload length
//! 911 4<CRLF>                                 errors are three-digit codes
//! ```
//!
//! [`Command`] is the view of one command (its line and, for payload commands, its
//! payload); [`CommandRepr`] builds one; [`Decoder`] cuts a stream into commands whatever
//! its chunking, reading the payload of `MSG` and the other payload commands by length.
//!
//! ```
//! use codec_app::msnp::{Command, CommandRepr, Decoder, Event};
//! // A typing notification, as in the draft's §7.9, cut in three reads.
//! let body = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: example@passport.com\r\n\r\n\r\n";
//! let mut wire = [0u8; 128];
//! let n = CommandRepr { name: *b"MSG", trid: Some(4), params: &[b"N"], payload: Some(body) }
//!     .emit(&mut wire)?;
//! assert!(wire[..n].starts_with(b"MSG 4 N 93\r\nMIME-Version"));
//! let mut d: Decoder = Decoder::default();
//! let mut names = Vec::new();
//! for chunk in [&wire[..5], &wire[5..40], &wire[40..n]] {
//!     d.push(chunk, |e| if let Event::Command(c) = e {
//!         names.push((c.name(), c.trid(), c.payload().map(<[u8]>::len)));
//!     });
//! }
//! assert_eq!(names, [(*b"MSG", Some(4), Some(93))]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;

/// Longest payload a [`Decoder`] accepts by default... and the default buffer: a command
/// line and its payload. MSN clients cap an instant message at 1664 bytes of payload.
pub const DEFAULT_CAPACITY: usize = 4096;

/// Whether the last parameter of a command with this name is the length of a payload
/// that follows its line: MSG (all versions), and NOT, QRY, UBX, UUX, GCF, ADL, RML, UUN,
/// UBN, FQY, PUT, DEL, SDG of later versions.
#[must_use]
pub fn has_payload(name: [u8; 3]) -> bool {
    matches!(
        &name,
        b"MSG"
            | b"NOT"
            | b"QRY"
            | b"UBX"
            | b"UUX"
            | b"GCF"
            | b"ADL"
            | b"RML"
            | b"UUN"
            | b"UBN"
            | b"FQY"
            | b"PUT"
            | b"DEL"
            | b"SDG"
    )
}

fn bad(offset: usize, field: Field, value: u32) -> Error {
    Error::bad_value(Protocol::Msnp, offset, field, value)
}

fn decimal(token: &[u8]) -> Option<u32> {
    if token.is_empty() || token.len() > 10 || !token.iter().all(u8::is_ascii_digit) {
        return None;
    }
    token.iter().try_fold(0u32, |acc, &b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })
}

/// One command: its line (without CR LF) and, for a payload command, its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Command<'a> {
    line: &'a [u8],
    name: [u8; 3],
    trid: Option<u32>,
    params: &'a [u8],
    payload: Option<&'a [u8]>,
}

/// The header line of `bytes` (without its CR LF) and where the rest starts.
fn split_line(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let lf = memchr::memchr(b'\n', bytes)?;
    let line = bytes.get(..lf)?;
    Some((line.strip_suffix(b"\r").unwrap_or(line), lf + 1))
}

impl<'a> Command<'a> {
    /// Parses a command line (a trailing CR LF is accepted and dropped), without a
    /// payload.
    ///
    /// # Errors
    /// `MSNP` errors: a name that is not three upper-case letters or digits (bad
    /// [`Field::Code`]); a CR or LF inside the line, or two spaces in a row (bad
    /// [`Field::Line`]).
    pub fn parse_line(line: &'a [u8]) -> Result<Self> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(&[a, b, c]) = line
            .get(..3)
            .map(|n| n as &[u8])
            .and_then(|n| <&[u8; 3]>::try_from(n).ok())
        else {
            return Err(Error::truncated(Protocol::Msnp, 0, 3, line.len()));
        };
        let name = [a, b, c];
        if let Some(i) = name
            .iter()
            .position(|x| !(x.is_ascii_uppercase() || x.is_ascii_digit()))
        {
            return Err(bad(
                i,
                Field::Code,
                u32::from(name.get(i).copied().unwrap_or(0)),
            ));
        }
        let rest = match line.get(3..) {
            Some([]) | None => &[][..],
            Some([b' ', rest @ ..]) => rest,
            Some([x, ..]) => return Err(bad(3, Field::Code, u32::from(*x))),
        };
        if let Some(i) = memchr::memchr2(b'\r', b'\n', rest) {
            return Err(bad(
                4 + i,
                Field::Line,
                u32::from(rest.get(i).copied().unwrap_or(0)),
            ));
        }
        if let Some(i) = rest.windows(2).position(|w| w == b"  ") {
            return Err(bad(4 + i + 1, Field::Line, u32::from(b' ')));
        }
        if rest.last() == Some(&b' ') {
            return Err(bad(3 + rest.len(), Field::Line, u32::from(b' ')));
        }
        let first_len = memchr::memchr(b' ', rest).unwrap_or(rest.len());
        let first = rest.get(..first_len).unwrap_or(&[]);
        let (trid, params) = match decimal(first) {
            Some(t) => (Some(t), rest.get(first_len + 1..).unwrap_or(&[])),
            None => (None, rest),
        };
        Ok(Command {
            line,
            name,
            trid,
            params,
            payload: None,
        })
    }

    /// Parses one whole command: its line with CR LF, then for a payload command (see
    /// [`has_payload`]) exactly the announced number of bytes.
    ///
    /// # Errors
    /// Those of [`parse_line`](Self::parse_line); no line end (missing [`Field::End`]);
    /// a payload command whose last parameter is not a length (bad [`Field::Length`]);
    /// fewer payload bytes than announced (truncated) or more bytes after the command
    /// (bad [`Field::Length`]).
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let (line, body) = split_line(bytes).ok_or(Error::new(
            Protocol::Msnp,
            bytes.len(),
            ErrorKind::Missing { field: Field::End },
        ))?;
        let mut cmd = Command::parse_line(line)?;
        let rest = bytes.get(body..).unwrap_or(&[]);
        if has_payload(cmd.name) {
            let len = cmd.payload_len()? as usize;
            let payload =
                rest.get(..len)
                    .ok_or(Error::truncated(Protocol::Msnp, body, len, rest.len()))?;
            cmd.payload = Some(payload);
            if rest.len() > len {
                return Err(Error::bad_length(
                    Protocol::Msnp,
                    body + len,
                    Field::Length,
                    u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                ));
            }
        } else if !rest.is_empty() {
            return Err(Error::bad_length(
                Protocol::Msnp,
                body,
                Field::Length,
                u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            ));
        }
        Ok(cmd)
    }

    /// The payload length a payload command announces: its last parameter.
    ///
    /// # Errors
    /// A last parameter that is not a decimal number (bad [`Field::Length`] at its
    /// offset in the line).
    pub fn payload_len(&self) -> Result<u32> {
        let last = self.params.rsplit(|&b| b == b' ').next().unwrap_or(&[]);
        decimal(last).ok_or(Error::bad_length(
            Protocol::Msnp,
            self.line.len() - last.len(),
            Field::Length,
            0,
        ))
    }

    /// The command name (`USR`, `MSG`, `JOI`... or an error code such as `911`).
    #[must_use]
    pub const fn name(&self) -> [u8; 3] {
        self.name
    }

    /// Whether the name is a three-digit error code.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.name.iter().all(u8::is_ascii_digit)
    }

    /// The transaction id: the first parameter when it is a decimal number (commands the
    /// server sends on its own, such as JOI or a server MSG, have none; RNG's session id
    /// reads as one).
    #[must_use]
    pub const fn trid(&self) -> Option<u32> {
        self.trid
    }

    /// The parameters after the transaction id, separated by single spaces (a payload
    /// command's length is the last).
    pub fn params(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let p = self.params;
        p.split(|&b| b == b' ').filter(move |_| !p.is_empty())
    }

    /// The line, without CR LF.
    #[must_use]
    pub const fn line(&self) -> &'a [u8] {
        self.line
    }

    /// The payload of a payload command (MIME headers and body for MSG).
    #[must_use]
    pub const fn payload(&self) -> Option<&'a [u8]> {
        self.payload
    }
}

impl fmt::Display for Command<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MSNP {}", self.line.escape_ascii())?;
        if let Some(p) = self.payload {
            write!(f, " [+{} bytes]", p.len())?;
        }
        Ok(())
    }
}

/// A command to write: name, transaction id, parameters, and for a payload command the
/// payload (its length is appended to the parameters by [`emit`](Self::emit)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommandRepr<'a> {
    /// The name.
    pub name: [u8; 3],
    /// The transaction id.
    pub trid: Option<u32>,
    /// The parameters (without the payload length), each non-empty, without space, CR or
    /// LF.
    pub params: &'a [&'a [u8]],
    /// The payload; `Some` exactly for payload commands.
    pub payload: Option<&'a [u8]>,
}

struct Digits([u8; 10], usize);

impl Digits {
    fn new(mut v: u32) -> Self {
        let mut d = [0u8; 10];
        let mut i = d.len();
        loop {
            i -= 1;
            if let Some(slot) = d.get_mut(i) {
                *slot = b'0' + (v % 10) as u8;
            }
            v /= 10;
            if v == 0 || i == 0 {
                break;
            }
        }
        Digits(d, i)
    }

    fn bytes(&self) -> &[u8] {
        self.0.get(self.1..).unwrap_or(&[])
    }
}

impl CommandRepr<'_> {
    fn payload_digits(&self) -> Option<Digits> {
        self.payload
            .map(|p| Digits::new(u32::try_from(p.len()).unwrap_or(u32::MAX)))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        let mut n = 3 + 2;
        if let Some(t) = self.trid {
            n += 1 + Digits::new(t).bytes().len();
        }
        for p in self.params {
            n += 1 + p.len();
        }
        if let (Some(d), Some(p)) = (self.payload_digits(), self.payload) {
            n += 1 + d.bytes().len() + p.len();
        }
        n
    }

    /// Writes the line, its CR LF and the payload, and returns the length.
    ///
    /// # Errors
    /// [`BufferTooSmall`](ErrorKind::BufferTooSmall); a name that is not three
    /// upper-case letters or digits (bad [`Field::Code`]); an empty parameter or one
    /// with a space, CR or LF (bad [`Field::Line`]); a payload on a command that takes
    /// none, or none on one that does (bad [`Field::Length`]).
    pub fn emit(&self, out: &mut [u8]) -> Result<usize> {
        if let Some(i) = self
            .name
            .iter()
            .position(|x| !(x.is_ascii_uppercase() || x.is_ascii_digit()))
        {
            return Err(bad(
                i,
                Field::Code,
                u32::from(self.name.get(i).copied().unwrap_or(0)),
            ));
        }
        for (i, p) in self.params.iter().enumerate() {
            if p.is_empty() || p.iter().any(|b| matches!(b, b' ' | b'\r' | b'\n')) {
                return Err(bad(i, Field::Line, 0));
            }
        }
        if has_payload(self.name) != self.payload.is_some() {
            return Err(Error::bad_length(Protocol::Msnp, 0, Field::Length, 0));
        }
        // A trid-less command whose first parameter is a number would read back with it
        // as the transaction id.
        if self.trid.is_none() && self.params.first().is_some_and(|p| decimal(p).is_some()) {
            return Err(bad(4, Field::Line, 0));
        }
        if self.trid.is_none() && self.params.is_empty() && self.payload.is_some() {
            return Err(bad(4, Field::Line, 0));
        }
        let needed = self.buffer_len();
        codec_core::buf::check_room(Protocol::Msnp, out, needed)?;
        let mut w = Writer::new(Protocol::Msnp, out);
        w.put_slice(&self.name)?;
        if let Some(t) = self.trid {
            w.put_u8(b' ')?;
            w.put_slice(Digits::new(t).bytes())?;
        }
        for p in self.params {
            w.put_u8(b' ')?;
            w.put_slice(p)?;
        }
        if let Some(d) = self.payload_digits() {
            w.put_u8(b' ')?;
            w.put_slice(d.bytes())?;
        }
        w.put_slice(b"\r\n")?;
        if let Some(p) = self.payload {
            w.put_slice(p)?;
        }
        Ok(w.position())
    }
}

/// What the decoder found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A command, with its payload if it has one.
    Command(Command<'a>),
    /// A line that is not a command (its payload, if it announced one that could be
    /// read, is skipped with it).
    Invalid {
        /// The line, without its line end.
        line: &'a [u8],
        /// Why.
        error: Error,
    },
    /// A command line and payload longer than the buffer: skipped (a payload by its
    /// announced length), reported once.
    TooLong {
        /// The buffer size.
        limit: usize,
    },
    /// [`Decoder::finish`]: the stream ended inside a command.
    Unterminated {
        /// Bytes received of it.
        len: usize,
    },
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Command(c) => c.fmt(f),
            Event::Invalid { line, error } => {
                write!(f, "MSNP invalid line \"{}\": {error}", line.escape_ascii())
            }
            Event::TooLong { limit } => {
                write!(f, "MSNP command longer than {limit} bytes, skipped")
            }
            Event::Unterminated { len } => {
                write!(f, "MSNP stream ends inside a command after {len} bytes")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading a line (or nothing pending).
    Line,
    /// Line complete, `n` more payload bytes wanted.
    Payload(usize),
    /// Skipping the rest of an over-long line.
    SkipLine,
    /// Skipping `n` payload bytes.
    SkipPayload(usize),
}

/// A push decoder for one direction of an MSNP connection.
///
/// `B` is the buffer (an array — `Decoder<[u8; 4096]>` is the default —, a `&mut [u8]`,
/// a `Vec<u8>`): its length is the longest command accepted, line end and payload
/// included. Commands whole inside a chunk are borrowed from it.
#[derive(Clone)]
pub struct Decoder<B = [u8; DEFAULT_CAPACITY]> {
    buf: B,
    len: usize,
    state: State,
    position: u64,
    start: u64,
}

impl Default for Decoder<[u8; DEFAULT_CAPACITY]> {
    fn default() -> Self {
        Decoder::new([0; DEFAULT_CAPACITY])
    }
}

impl<B> fmt::Debug for Decoder<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("state", &self.state)
            .field("pending", &self.len)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

/// How a complete line continues: the payload length it announces, if any (`Err` for a
/// payload command without a readable length: no payload is read).
fn announced(line: &[u8]) -> Option<usize> {
    let cmd = Command::parse_line(line).ok()?;
    if !has_payload(cmd.name) {
        return None;
    }
    cmd.payload_len().ok().map(|n| n as usize)
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Decoder<B> {
    /// A decoder with `buf` as its buffer.
    pub fn new(buf: B) -> Self {
        Decoder {
            buf,
            len: 0,
            state: State::Line,
            position: 0,
            start: 0,
        }
    }

    /// The longest command accepted: the buffer size.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes consumed: the stream offset of the next byte.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Stream offset of the first byte of the last event's command.
    #[must_use]
    pub fn event_offset(&self) -> u64 {
        self.start
    }

    fn advance(&mut self, input: &mut &[u8], n: usize) {
        *input = input.get(n..).unwrap_or(&[]);
        self.position = self.position.wrapping_add(n as u64);
    }

    fn unit_event(unit: &[u8]) -> Event<'_> {
        match Command::parse(unit) {
            Ok(c) => Event::Command(c),
            Err(error) => Event::Invalid {
                line: split_line(unit).map_or(unit, |(l, _)| l),
                error,
            },
        }
    }

    fn append(&mut self, bytes: &[u8]) -> bool {
        let end = self.len.saturating_add(bytes.len());
        match self.buf.as_mut().get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end;
                true
            }
            None => false,
        }
    }

    /// Overflow: skip the rest of the command, from `state_after`.
    fn too_long(&mut self, skip: State) -> Event<'static> {
        self.len = 0;
        // Nothing left to skip is nothing pending (`finish` must not report it).
        self.state = match skip {
            State::SkipPayload(0) => State::Line,
            other => other,
        };
        Event::TooLong {
            limit: self.capacity(),
        }
    }

    /// Consumes bytes from the front of `input` up to the end of the next event and returns
    /// it; `None` when `input` is used up.
    pub fn decode<'s, 'i: 's>(&'s mut self, input: &mut &'i [u8]) -> Option<Event<'s>> {
        loop {
            let chunk: &'i [u8] = input;
            if chunk.is_empty() {
                return None;
            }
            match self.state {
                State::SkipLine => match memchr::memchr(b'\n', chunk) {
                    // The line's payload, if any, cannot be known: resynchronise on the
                    // next line.
                    Some(i) => {
                        self.advance(input, i + 1);
                        self.state = State::Line;
                    }
                    None => {
                        self.advance(input, chunk.len());
                        return None;
                    }
                },
                State::SkipPayload(n) => {
                    let k = n.min(chunk.len());
                    self.advance(input, k);
                    self.state = if k == n {
                        State::Line
                    } else {
                        State::SkipPayload(n - k)
                    };
                }
                State::Line if self.len == 0 => {
                    self.start = self.position;
                    let capacity = self.capacity();
                    let Some((line, body)) = split_line(chunk) else {
                        self.advance(input, chunk.len());
                        if chunk.len() > capacity {
                            return Some(self.too_long(State::SkipLine));
                        }
                        let _ = self.append(chunk);
                        return None;
                    };
                    if body > capacity {
                        // As when the line arrives in pieces: its payload is unknown.
                        self.advance(input, body);
                        return Some(self.too_long(State::Line));
                    }
                    let payload = announced(line).unwrap_or(0);
                    let total = body.saturating_add(payload);
                    if total > capacity {
                        let have = chunk.len().min(total);
                        self.advance(input, have);
                        return Some(self.too_long(State::SkipPayload(total - have)));
                    }
                    if chunk.len() >= total {
                        self.advance(input, total);
                        return Some(Self::unit_event(chunk.get(..total).unwrap_or(&[])));
                    }
                    self.advance(input, chunk.len());
                    let _ = self.append(chunk);
                    self.state = State::Payload(total - chunk.len());
                    return None;
                }
                State::Line => {
                    let lf = memchr::memchr(b'\n', chunk);
                    let take = lf.map_or(chunk.len(), |i| i + 1);
                    self.advance(input, take);
                    if !self.append(chunk.get(..take).unwrap_or(&[])) {
                        return Some(self.too_long(if lf.is_some() {
                            State::Line
                        } else {
                            State::SkipLine
                        }));
                    }
                    lf?;
                    let unit_len = self.len;
                    let payload = split_line(self.buf.as_ref().get(..unit_len).unwrap_or(&[]))
                        .and_then(|(line, _)| announced(line))
                        .unwrap_or(0);
                    if unit_len.saturating_add(payload) > self.capacity() {
                        return Some(self.too_long(State::SkipPayload(payload)));
                    }
                    if payload > 0 {
                        self.state = State::Payload(payload);
                        continue;
                    }
                    self.len = 0;
                    let unit = self.buf.as_ref().get(..unit_len).unwrap_or(&[]);
                    return Some(Self::unit_event(unit));
                }
                State::Payload(n) => {
                    let k = n.min(chunk.len());
                    self.advance(input, k);
                    let _ = self.append(chunk.get(..k).unwrap_or(&[]));
                    if k < n {
                        self.state = State::Payload(n - k);
                        return None;
                    }
                    self.state = State::Line;
                    let unit_len = self.len;
                    self.len = 0;
                    let unit = self.buf.as_ref().get(..unit_len).unwrap_or(&[]);
                    return Some(Self::unit_event(unit));
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

    /// Ends the stream: a command left incomplete is [`Event::Unterminated`].
    pub fn finish(&mut self) -> Option<Event<'static>> {
        let event = match self.state {
            State::Line if self.len == 0 => None,
            State::Line | State::Payload(_) => Some(Event::Unterminated { len: self.len }),
            State::SkipLine | State::SkipPayload(_) => Some(Event::Unterminated { len: 0 }),
        };
        self.len = 0;
        self.state = State::Line;
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    /// A session in the style of the draft's examples (§5-§8): login on the notification
    /// server, a switchboard invitation, a message with its payload, an error.
    const SESSION: &[u8] = b"VER 0 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\nINF 1\r\nUSR 2 MD5 I example@passport.com\r\nXFR 3 SB\r\nCAL 8 name_123@hotmail.com\r\nJOI name_123@hotmail.com Name_123\r\nMSG 4 N 13\r\nHello, world!911 5\r\nOUT\r\n";

    fn events<B: AsRef<[u8]> + AsMut<[u8]>>(d: &mut Decoder<B>, chunks: &[&[u8]]) -> Vec<String> {
        let mut out = Vec::new();
        for c in chunks {
            d.push(c, |e| out.push(format!("{e}")));
        }
        out.extend(d.finish().map(|e| format!("{e}")));
        out
    }

    #[test]
    fn session_whatever_the_chunking() {
        let mut d: Decoder = Decoder::default();
        let whole = events(&mut d, &[SESSION]);
        assert_eq!(
            whole,
            [
                "MSNP VER 0 MSNP7 MSNP6 MSNP5 MSNP4 CVR0",
                "MSNP INF 1",
                "MSNP USR 2 MD5 I example@passport.com",
                "MSNP XFR 3 SB",
                "MSNP CAL 8 name_123@hotmail.com",
                "MSNP JOI name_123@hotmail.com Name_123",
                "MSNP MSG 4 N 13 [+13 bytes]",
                "MSNP 911 5",
                "MSNP OUT",
            ]
        );
        for a in 0..=SESSION.len() {
            for b in [a, (a + 5).min(SESSION.len())] {
                assert_eq!(
                    events(&mut d, &[&SESSION[..a], &SESSION[a..b], &SESSION[b..]]),
                    whole
                );
            }
        }
    }

    #[test]
    fn command_fields() {
        let c = Command::parse(b"USR 2 MD5 I example@passport.com\r\n").unwrap();
        assert_eq!((c.name(), c.trid()), (*b"USR", Some(2)));
        let p: Vec<&[u8]> = c.params().collect();
        assert_eq!(p, [&b"MD5"[..], b"I", b"example@passport.com"]);
        let c = Command::parse(b"JOI name_123@hotmail.com Name_123\r\n").unwrap();
        assert_eq!(c.trid(), None);
        assert_eq!(c.params().count(), 2);
        let c = Command::parse(b"OUT\r\n").unwrap();
        assert_eq!(c.params().count(), 0);
        assert!(Command::parse(b"911 5\r\n").unwrap().is_error());
        let msg = Command::parse(b"MSG 4 N 5\r\nHello").unwrap();
        assert_eq!(msg.payload(), Some(&b"Hello"[..]));
        assert_eq!(msg.payload_len(), Ok(5));
        // Rejected.
        for (bytes, offset) in [
            (&b"usr 1\r\n"[..], 0),
            (b"US", 2),
            (b"USR 1  x\r\n", 6),
            (b"USRX 1\r\n", 3),
            (b"USR 1 \r\n", 5),
            (b"MSG 4 N 6\r\nHello", 11),
            (b"MSG 4 N 4\r\nHello", 15),
            (b"MSG 4 N x\r\nHello", 8),
            (b"OUT\r\nX", 5),
        ] {
            assert_eq!(
                Command::parse(bytes).unwrap_err().offset(),
                offset,
                "{bytes:?}"
            );
        }
        assert!(Command::parse_line(b"US").is_err());
    }

    #[test]
    fn building_commands() {
        let mut out = [0u8; 64];
        let r = CommandRepr {
            name: *b"CAL",
            trid: Some(8),
            params: &[b"name_123@hotmail.com"],
            payload: None,
        };
        let n = r.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"CAL 8 name_123@hotmail.com\r\n");
        assert_eq!(n, r.buffer_len());
        assert!(r.emit(&mut out[..n - 1]).is_err());
        let m = CommandRepr {
            name: *b"MSG",
            trid: Some(4294967295),
            params: &[b"A"],
            payload: Some(b""),
        };
        let n = m.emit(&mut out).unwrap();
        assert_eq!(&out[..n], b"MSG 4294967295 A 0\r\n");
        let back = Command::parse(&out[..n]).unwrap();
        assert_eq!(
            (back.trid(), back.payload()),
            (Some(u32::MAX), Some(&b""[..]))
        );
        for bad_repr in [
            CommandRepr { name: *b"msg", ..m },
            CommandRepr {
                params: &[b"a b"],
                ..m
            },
            CommandRepr {
                params: &[b""],
                ..m
            },
            CommandRepr { payload: None, ..m },
            CommandRepr { name: *b"OUT", ..m },
            CommandRepr {
                trid: None,
                params: &[b"12"],
                payload: None,
                name: *b"JOI",
            },
        ] {
            assert!(bad_repr.emit(&mut out).is_err(), "{bad_repr:?}");
        }
    }

    #[test]
    fn too_long_commands_are_skipped() {
        let stream = b"MSG 4 N 20\r\n01234567890123456789OUT\r\nVER 0 MSNP7 MSNP6 MSNP5 MSNP4 CVR0\r\nOUT\r\n";
        let mut d = Decoder::new([0u8; 24]);
        let want = [
            "MSNP command longer than 24 bytes, skipped",
            "MSNP OUT",
            "MSNP command longer than 24 bytes, skipped",
            "MSNP OUT",
        ];
        for a in 0..=stream.len() {
            assert_eq!(
                events(&mut d, &[&stream[..a], &stream[a..]]),
                want,
                "cut {a}"
            );
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(events(&mut d, &bytes), want);
        // A command too long by its payload that ends with the chunk leaves nothing
        // pending (a fuzzing find: `finish` reported it unterminated).
        let mut d = Decoder::new([0u8; 16]);
        assert_eq!(
            events(&mut d, &[b"MSG 4 N 9\r\n123456789"]),
            ["MSNP command longer than 16 bytes, skipped"]
        );
        assert_eq!(
            events(&mut d, &[b"MSG 1 N 5\r\nab"]).last().unwrap(),
            "MSNP stream ends inside a command after 13 bytes"
        );
    }
}
