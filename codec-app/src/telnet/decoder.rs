//! The push decoder: bytes in, [`Event`]s out, whatever the chunking.

use super::{Command, IAC, Negotiation, OptionName, SE, SubnegotiationRepr, TelnetOption, Verb};
use core::fmt;

/// Default subnegotiation buffer size of [`Decoder`]: the longest subnegotiation accepted,
/// parameters after unescaping. A LINEMODE SLC list of all 30 functions is 91 bytes;
/// inetutils' NEW-ENVIRON answers are well under 200.
pub const DEFAULT_SB_CAPACITY: usize = 1024;

const CR: u8 = b'\r';
const NUL: u8 = 0;
/// The data byte 255, as `IAC IAC` yields it.
static DATA_255: [u8; 1] = [IAC];
static DATA_CR: [u8; 1] = [CR];

/// A subnegotiation `IAC SB <option> <params> IAC SE`, its parameters unescaped (a doubled
/// 255 is one byte here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subnegotiation<'a> {
    /// The option.
    pub option: TelnetOption,
    /// The parameters, `IAC IAC` undone, without the option byte and `IAC SE`.
    pub params: &'a [u8],
    /// `true` when it ended with `IAC SE`; `false` when an `IAC <command>` other than SE
    /// interrupted it (RFC 855 has no such case: the decoder then closes the subnegotiation,
    /// as libtelnet does, and decodes the command that follows normally).
    pub terminated: bool,
}

impl<'a> Subnegotiation<'a> {
    /// The typed payload ([`SubnegotiationRepr::parse`]).
    ///
    /// # Errors
    /// Those of [`SubnegotiationRepr::parse`].
    pub fn parse(&self) -> codec_core::Result<SubnegotiationRepr<'a>> {
        SubnegotiationRepr::parse(self.option, self.params)
    }
}

/// What the decoder found in the stream.
///
/// Data may be delivered in several [`Event::Data`] runs (cut where a chunk ended, at an
/// `IAC IAC`, or at a CR when NVT end-of-line handling is on): the events with adjacent
/// data runs merged are the same for every chunking of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// Data bytes (`IAC IAC` already undone; with [`Decoder::set_nvt_eol`], the NUL of
    /// `CR NUL` removed).
    Data(&'a [u8]),
    /// A two-byte command `IAC <cmd>`: anything but SB, WILL, WONT, DO, DONT and IAC
    /// (`IAC SE` outside a subnegotiation is reported here too).
    Command(Command),
    /// `IAC WILL|WONT|DO|DONT <option>`.
    Negotiation(Negotiation),
    /// `IAC SB <option> ... IAC SE`.
    Subnegotiation(Subnegotiation<'a>),
    /// A subnegotiation outgrew the buffer: reported once, when it overflows; the rest of
    /// it is skipped up to its `IAC SE`.
    TooLong {
        /// Its option.
        option: TelnetOption,
        /// The buffer size: the longest parameters accepted.
        limit: usize,
    },
    /// [`Decoder::finish`]: the stream ended inside a command or subnegotiation.
    Unterminated {
        /// Stream offset of its IAC.
        offset: u64,
    },
}

impl fmt::Display for Event<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Event::Data(d) => write!(f, "data \"{}\"", d.escape_ascii()),
            Event::Command(c) => write!(f, "IAC {c}"),
            Event::Negotiation(n) => n.fmt(f),
            Event::Subnegotiation(sb) => {
                match SubnegotiationRepr::parse(sb.option, sb.params) {
                    Ok(repr) => write!(f, "IAC SB {repr}")?,
                    Err(_) => write!(
                        f,
                        "IAC SB {} [malformed: {}]",
                        OptionName(sb.option),
                        sb.params.escape_ascii()
                    )?,
                }
                if sb.terminated {
                    f.write_str(" IAC SE")
                } else {
                    f.write_str(" (not terminated by IAC SE)")
                }
            }
            Event::TooLong { option, limit } => write!(
                f,
                "IAC SB {} longer than {limit} bytes, skipped to its IAC SE",
                OptionName(option)
            ),
            Event::Unterminated { offset } => {
                write!(f, "stream ends inside the command @{offset}")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Ordinary data.
    Data,
    /// Data, just after a CR (NVT end-of-line handling on).
    DataCr,
    /// After IAC.
    Iac,
    /// After IAC and a verb.
    Negotiate(Verb),
    /// After IAC SB.
    SbOption,
    /// Inside subnegotiation parameters.
    SbData,
    /// Inside subnegotiation parameters, after IAC.
    SbIac,
    /// Skipping a subnegotiation that overflowed.
    SbDiscard,
    /// Skipping a subnegotiation that overflowed, after IAC.
    SbDiscardIac,
}

/// A push decoder for a Telnet byte stream (one direction of a connection).
///
/// `B` is the subnegotiation buffer (an array — `Decoder<[u8; 1024]>` is the default —,
/// a `&mut [u8]`, a `Vec<u8>`): its length is the longest subnegotiation accepted,
/// parameters counted after unescaping; a longer one is reported as [`Event::TooLong`] and
/// skipped. Nothing else is buffered: data runs are borrowed from the input, so memory is
/// bounded by `B` whatever the stream.
///
/// Data runs are found with `memchr` (one scan for IAC, or for IAC and CR when NVT
/// end-of-line handling is on), so plain text is decoded at the speed of that scan.
#[derive(Clone)]
pub struct Decoder<B = [u8; DEFAULT_SB_CAPACITY]> {
    buf: B,
    len: usize,
    option: TelnetOption,
    state: State,
    nvt_eol: bool,
    position: u64,
    start: u64,
    /// Stream offset of the IAC that interrupted a subnegotiation: the start of the
    /// command decoded next.
    interrupt: Option<u64>,
}

impl Default for Decoder<[u8; DEFAULT_SB_CAPACITY]> {
    fn default() -> Self {
        Decoder::new([0; DEFAULT_SB_CAPACITY])
    }
}

impl<B> fmt::Debug for Decoder<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("state", &self.state)
            .field(
                "pending",
                &if matches!(self.state, State::SbData | State::SbIac) {
                    self.len
                } else {
                    0
                },
            )
            .field("nvt_eol", &self.nvt_eol)
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Decoder<B> {
    /// A decoder storing subnegotiations in `buf`, at stream offset 0, with NVT
    /// end-of-line handling off (data is delivered as sent).
    pub fn new(buf: B) -> Self {
        Decoder {
            buf,
            len: 0,
            option: TelnetOption::Binary,
            state: State::Data,
            nvt_eol: false,
            position: 0,
            start: 0,
            interrupt: None,
        }
    }

    /// The same decoder with NVT end-of-line handling on or off
    /// ([`set_nvt_eol`](Self::set_nvt_eol)).
    #[must_use]
    pub fn with_nvt_eol(mut self, on: bool) -> Self {
        self.nvt_eol = on;
        self
    }

    /// NVT end-of-line handling (RFC 854 p. 11): when on, the NUL of `CR NUL` (a bare
    /// carriage return) is removed from the data; `CR LF` is kept as it is. Turn it off
    /// while the peer sends in BINARY mode (RFC 856), where CR NUL is two data bytes.
    pub fn set_nvt_eol(&mut self, on: bool) {
        self.nvt_eol = on;
        if !on && self.state == State::DataCr {
            self.state = State::Data;
        }
    }

    /// The longest subnegotiation accepted (parameters after unescaping): the buffer size.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes consumed since the decoder was made: the stream offset of the next byte.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Stream offset of the first byte of the last event returned (its IAC, or the first
    /// byte of a data run; for the 255 of `IAC IAC`, the first IAC).
    #[must_use]
    pub fn event_offset(&self) -> u64 {
        self.start
    }

    /// Whether the decoder is between events (not inside a command or subnegotiation).
    #[must_use]
    pub fn is_idle(&self) -> bool {
        matches!(self.state, State::Data | State::DataCr)
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

    fn sb_event(&self, terminated: bool) -> Event<'_> {
        Event::Subnegotiation(Subnegotiation {
            option: self.option,
            params: self.buf.as_ref().get(..self.len).unwrap_or(&[]),
            terminated,
        })
    }

    /// Appends subnegotiation bytes; `false` when they do not fit.
    fn sb_push(&mut self, bytes: &[u8]) -> bool {
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

    fn overflow(&mut self) -> Event<'static> {
        self.state = State::SbDiscard;
        Event::TooLong {
            option: self.option,
            limit: self.capacity(),
        }
    }

    /// A command that starts `chunk` (at its IAC) and ends inside it, decoded without the
    /// state machine, with the bytes it takes: what the byte-at-a-time path would give.
    /// A subnegotiation is borrowed from `chunk` when it has no doubled 255 and fits the
    /// buffer; anything else (a doubled 255, an interruption, a command cut by the end of
    /// the chunk) is left to the state machine.
    #[inline]
    fn whole_command<'i>(&self, chunk: &'i [u8]) -> Option<(Event<'i>, usize)> {
        let &cmd = chunk.get(1)?;
        match cmd {
            IAC => Some((Event::Data(&DATA_255), 2)),
            super::SB => {
                let &option = chunk.get(2)?;
                let body = chunk.get(3..)?;
                let i = memchr::memchr(IAC, body)?;
                if body.get(i + 1) != Some(&SE) || i > self.capacity() {
                    return None;
                }
                let params = body.get(..i)?;
                Some((
                    Event::Subnegotiation(Subnegotiation {
                        option: TelnetOption::from(option),
                        params,
                        terminated: true,
                    }),
                    i + 5,
                ))
            }
            c => match Verb::from_byte(c) {
                Some(verb) => {
                    let &option = chunk.get(2)?;
                    Some((
                        Event::Negotiation(Negotiation::new(verb, TelnetOption::from(option))),
                        3,
                    ))
                }
                None => Some((Event::Command(Command::from(c)), 2)),
            },
        }
    }

    /// Consumes bytes from the front of `input` up to the end of the next event and returns
    /// it; `None` when `input` is used up (every byte is then part of the decoder's state).
    ///
    /// Data events borrow `input`, subnegotiations the decoder's buffer: handle the event
    /// before the next call.
    ///
    /// ```
    /// use codec_app::telnet::{Command, Decoder, Event};
    /// // libtelnet-rs 2.0 loses "bc" here and eats the 'x' after AYT.
    /// let mut d: Decoder = Decoder::default();
    /// let mut input = &b"a\xff\xffbc\xff\xf6xy"[..];
    /// assert_eq!(d.decode(&mut input), Some(Event::Data(b"a")));
    /// assert_eq!(d.decode(&mut input), Some(Event::Data(&[0xff])));
    /// assert_eq!(d.decode(&mut input), Some(Event::Data(b"bc")));
    /// assert_eq!(d.decode(&mut input), Some(Event::Command(Command::AreYouThere)));
    /// assert_eq!(d.decode(&mut input), Some(Event::Data(b"xy")));
    /// assert_eq!(d.decode(&mut input), None);
    /// ```
    pub fn decode<'s, 'i: 's>(&'s mut self, input: &mut &'i [u8]) -> Option<Event<'s>> {
        loop {
            let chunk: &'i [u8] = input;
            let &first = chunk.first()?;
            match self.state {
                State::Data => {
                    if first == IAC
                        && let Some((event, used)) = self.whole_command(chunk)
                    {
                        self.start = self.position;
                        self.advance(input, used);
                        return Some(event);
                    }
                    let stop = if self.nvt_eol {
                        memchr::memchr2(IAC, CR, chunk)
                    } else {
                        memchr::memchr(IAC, chunk)
                    };
                    self.start = self.position;
                    match stop {
                        None => {
                            self.advance(input, chunk.len());
                            return Some(Event::Data(chunk));
                        }
                        Some(i) => {
                            let at = chunk.get(i).copied();
                            if at == Some(CR) {
                                self.advance(input, i + 1);
                                self.state = State::DataCr;
                                return Some(Event::Data(chunk.get(..=i).unwrap_or(&DATA_CR)));
                            }
                            if i > 0 {
                                self.advance(input, i);
                                return Some(Event::Data(chunk.get(..i).unwrap_or(&[])));
                            }
                            self.advance(input, 1);
                            self.state = State::Iac;
                        }
                    }
                }
                State::DataCr => {
                    self.state = State::Data;
                    if first == NUL {
                        self.advance(input, 1);
                    }
                }
                State::Iac => {
                    if let Some(at) = self.interrupt.take() {
                        self.start = at;
                    }
                    self.advance(input, 1);
                    match first {
                        IAC => {
                            self.state = State::Data;
                            return Some(Event::Data(&DATA_255));
                        }
                        super::SB => {
                            self.state = State::SbOption;
                        }
                        b => match Verb::from_byte(b) {
                            Some(verb) => self.state = State::Negotiate(verb),
                            None => {
                                self.state = State::Data;
                                return Some(Event::Command(Command::from(b)));
                            }
                        },
                    }
                }
                State::Negotiate(verb) => {
                    self.advance(input, 1);
                    self.state = State::Data;
                    return Some(Event::Negotiation(Negotiation::new(
                        verb,
                        TelnetOption::from(first),
                    )));
                }
                State::SbOption => {
                    self.advance(input, 1);
                    self.option = TelnetOption::from(first);
                    self.len = 0;
                    self.state = State::SbData;
                }
                State::SbData => {
                    let (run, iac) = match memchr::memchr(IAC, chunk) {
                        Some(i) => (chunk.get(..i).unwrap_or(&[]), true),
                        None => (chunk, false),
                    };
                    let n = run.len();
                    if !self.sb_push(run) {
                        // Keep what fits, then skip the rest.
                        let room = self.capacity().saturating_sub(self.len);
                        self.advance(input, room);
                        return Some(self.overflow());
                    }
                    self.advance(input, n + usize::from(iac));
                    if iac {
                        self.state = State::SbIac;
                    }
                }
                State::SbIac => match first {
                    IAC => {
                        self.advance(input, 1);
                        self.state = State::SbData;
                        if !self.sb_push(&[IAC]) {
                            return Some(self.overflow());
                        }
                    }
                    SE => {
                        self.advance(input, 1);
                        self.state = State::Data;
                        return Some(self.sb_event(true));
                    }
                    _ => {
                        // IAC <cmd> inside SB: close it and decode the command (the IAC is
                        // already consumed; the command byte is not).
                        self.state = State::Iac;
                        self.interrupt = Some(self.position.wrapping_sub(1));
                        let event = self.sb_event(false);
                        return Some(event);
                    }
                },
                State::SbDiscard => match memchr::memchr(IAC, chunk) {
                    Some(i) => {
                        self.advance(input, i + 1);
                        self.state = State::SbDiscardIac;
                    }
                    None => {
                        self.advance(input, chunk.len());
                        return None;
                    }
                },
                State::SbDiscardIac => match first {
                    IAC => {
                        self.advance(input, 1);
                        self.state = State::SbDiscard;
                    }
                    SE => {
                        self.advance(input, 1);
                        self.state = State::Data;
                    }
                    _ => {
                        self.state = State::Iac;
                        self.start = self.position.wrapping_sub(1);
                    }
                },
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

    /// Ends the stream: reports a command or subnegotiation left incomplete as
    /// [`Event::Unterminated`] (a subnegotiation already reported [`Event::TooLong`] too),
    /// and starts afresh.
    pub fn finish(&mut self) -> Option<Event<'static>> {
        let event = match self.state {
            State::Data | State::DataCr => None,
            _ => Some(Event::Unterminated { offset: self.start }),
        };
        self.state = State::Data;
        self.len = 0;
        self.interrupt = None;
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::{String, ToString};
    use std::vec::Vec;

    /// Events as strings, with adjacent data runs merged.
    pub(crate) fn events<B: AsRef<[u8]> + AsMut<[u8]>>(
        d: &mut Decoder<B>,
        chunks: &[&[u8]],
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut data: Vec<u8> = Vec::new();
        for c in chunks {
            d.push(c, |e| match e {
                Event::Data(bytes) => data.extend_from_slice(bytes),
                other => {
                    if !data.is_empty() {
                        out.push(Event::Data(&data).to_string());
                        data.clear();
                    }
                    out.push(format!("{other:?}"));
                }
            });
        }
        if !data.is_empty() {
            out.push(Event::Data(&data).to_string());
        }
        if let Some(e) = d.finish() {
            out.push(format!("{e:?}"));
        }
        out
    }

    #[test]
    fn libtelnet_rs_failures_are_decoded_right() {
        // The four inputs of ../shared/notes/oscar-ppp-telnet-ftp.md §3.3.
        let mut d: Decoder = Decoder::default();
        assert_eq!(
            events(&mut d, &[&[b'a', 0xff, 0xff, b'b', b'c']]),
            ["data \"a\\xffbc\""]
        );
        assert_eq!(
            events(&mut d, &[&[0xff, 0xf6, b'x', b'y']]),
            ["Command(AreYouThere)", "data \"xy\""]
        );
        assert_eq!(
            events(&mut d, &[&[0xff, 0xfb], &[0x01, b'z']]),
            [
                "Negotiation(Negotiation { verb: Will, option: Echo })",
                "data \"z\""
            ]
        );
        let naws = [
            0xff, 0xfa, 0x1f, 0x00, 0xff, 0xff, 0xf0, 0x00, 0x18, 0xff, 0xf0, b'q',
        ];
        let mut input = &naws[..];
        let Some(Event::Subnegotiation(sb)) = d.decode(&mut input) else {
            panic!("no SB")
        };
        assert_eq!(sb.option, TelnetOption::Naws);
        assert_eq!(sb.params, &[0x00, 0xff, 0xf0, 0x00, 0x18]);
        assert!(sb.terminated);
        assert_eq!(d.decode(&mut input), Some(Event::Data(b"q")));
    }

    #[test]
    fn commands_inside_and_outside_subnegotiation() {
        let mut d: Decoder = Decoder::default();
        // IAC SB TTYPE SEND, interrupted by IAC NOP; then IAC SE alone; then an unknown
        // command byte; then a truncated negotiation.
        let wire = [
            0xff, 0xfa, 0x18, 0x01, 0xff, 0xf1, 0xff, 0xf0, 0xff, 0x41, 0xff, 0xfd,
        ];
        assert_eq!(
            events(&mut d, &[&wire]),
            [
                "Subnegotiation(Subnegotiation { option: TerminalType, params: [1], terminated: false })",
                "Command(Nop)",
                "Command(Se)",
                "Command(Unknown(65))",
                "Unterminated { offset: 10 }",
            ]
        );
        assert!(d.is_idle());
        assert_eq!(d.position(), 12);
    }

    #[test]
    fn nvt_end_of_line() {
        let wire = b"a\r\0b\r\nc\r";
        let mut raw: Decoder = Decoder::default();
        assert_eq!(events(&mut raw, &[wire]), ["data \"a\\r\\x00b\\r\\nc\\r\""]);
        let mut nvt: Decoder = Decoder::default().with_nvt_eol(true);
        for cut in 0..=wire.len() {
            let (a, b) = wire.split_at(cut);
            assert_eq!(events(&mut nvt, &[a, b]), ["data \"a\\rb\\r\\nc\\r\""]);
        }
        // The NUL right after an IAC command is data.
        assert_eq!(
            events(&mut nvt, &[b"\r\xff\xf1\0"]),
            ["data \"\\r\"", "Command(Nop)", "data \"\\x00\""]
        );
    }

    #[test]
    fn overflow_is_reported_once_and_skipped() {
        let mut d = Decoder::new([0u8; 4]);
        let mut wire = std::vec![0xff, 0xfa, 0x27];
        wire.extend_from_slice(&[1, 2, 3, 0xff, 0xff, 5, 6, 7]);
        wire.extend_from_slice(&[0xff, 0xf0, b'k', 0xff, 0xfa, 0x1f, 1, 2, 3, 4, 0xff, 0xf0]);
        let want = [
            "TooLong { option: NewEnviron, limit: 4 }",
            "data \"k\"",
            "Subnegotiation(Subnegotiation { option: Naws, params: [1, 2, 3, 4], terminated: true })",
        ];
        for cut in 0..=wire.len() {
            let (a, b) = wire.split_at(cut);
            assert_eq!(events(&mut d, &[a, b]), want, "cut {cut}");
        }
        // Exactly full: no overflow.
        let mut d = Decoder::new([0u8; 2]);
        assert_eq!(
            events(&mut d, &[&[0xff, 0xfa, 0x21, 0xff, 0xff, 0x02, 0xff, 0xf0]]),
            [
                "Subnegotiation(Subnegotiation { option: RemoteFlowControl, params: [255, 2], terminated: true })"
            ]
        );
        // A discarded SB interrupted by a command still yields the command.
        let mut d = Decoder::new([0u8; 1]);
        assert_eq!(
            events(&mut d, &[&[0xff, 0xfa, 0x21, 1, 2, 0xff, 0xf6]]),
            [
                "TooLong { option: RemoteFlowControl, limit: 1 }",
                "Command(AreYouThere)"
            ]
        );
    }

    #[test]
    fn offsets() {
        let mut d: Decoder = Decoder::default();
        let mut input = &b"ab\xff\xfd\x01cd"[..];
        assert_eq!(d.decode(&mut input), Some(Event::Data(b"ab")));
        assert_eq!(d.event_offset(), 0);
        assert!(matches!(d.decode(&mut input), Some(Event::Negotiation(_))));
        assert_eq!((d.event_offset(), d.position()), (2, 5));
        assert_eq!(d.decode(&mut input), Some(Event::Data(b"cd")));
        assert_eq!(d.event_offset(), 5);
        // A subnegotiation interrupted by IAC AYT: the AYT starts at its own IAC.
        let mut input = &b"\xff\xfa\x18\x01\xff\xf6"[..];
        assert!(matches!(
            d.decode(&mut input),
            Some(Event::Subnegotiation(_))
        ));
        assert_eq!(d.event_offset(), 7);
        assert!(matches!(d.decode(&mut input), Some(Event::Command(_))));
        assert_eq!((d.event_offset(), d.position()), (11, 13));
        assert_eq!(
            format!("{d:?}"),
            "Decoder { state: Data, pending: 0, nvt_eol: false, position: 13, .. }"
        );
    }
}
