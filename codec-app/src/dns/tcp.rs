//! DNS over TCP (RFC 1035 §4.2.2, RFC 7766 §8): each message behind a 2-byte length.
//!
//! [`write_framed`] writes the prefix around a message built in place; [`Deframer`] is a
//! push decoder that takes the bytes of a connection in chunks of any size and yields each
//! message whole. Its events do not depend on how the stream was cut. It stores the message
//! being received in a buffer it owns (`B: AsRef<[u8]> + AsMut<[u8]>`: an array, a borrowed
//! `&mut [u8]`, a `Vec<u8>`); a message longer than the buffer is reported as
//! [`Event::TooLong`] as soon as its length is read, and its bytes are skipped (the length
//! is known, so the stream stays in step). Nothing is allocated.
//!
//! ```
//! use codec_app::dns::tcp::{Deframer, Event, write_framed};
//! let mut wire = [0u8; 32];
//! let n = write_framed(&mut wire, |body| {
//!     body[..12].copy_from_slice(&[0x12, 0x34, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
//!     Ok(12)
//! })?;
//! assert_eq!(&wire[..2], &[0, 12]);
//! let mut d: Deframer<[u8; 512]> = Deframer::new([0; 512]);
//! let mut got = 0;
//! for chunk in wire[..n].chunks(5) {
//!     d.push(chunk, |e| {
//!         if let Event::Message(m) = e {
//!             assert_eq!(&m[..2], &[0x12, 0x34]);
//!             got += 1;
//!         }
//!     });
//! }
//! assert_eq!(got, 1);
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::P;
use codec_core::{Error, Field, Result};

/// The largest message the 2-byte prefix can announce.
pub const MAX_MESSAGE_LEN: usize = 65535;

/// Writes a length-prefixed message: `build` writes the message into the buffer after the
/// prefix and returns its length; the prefix is filled in. Returns prefix plus message.
pub fn write_framed(
    out: &mut [u8],
    build: impl FnOnce(&mut [u8]) -> Result<usize>,
) -> Result<usize> {
    let available = out.len();
    let (prefix, body) = out
        .split_at_mut_checked(2)
        .ok_or_else(|| Error::buffer_too_small(P, 2, available))?;
    let n = build(body)?;
    let len = u16::try_from(n).map_err(|_| Error::bad_length(P, 0, Field::Length, n as u32))?;
    if n > body.len() {
        return Err(Error::buffer_too_small(P, n + 2, available));
    }
    prefix.copy_from_slice(&len.to_be_bytes());
    Ok(n + 2)
}

/// Copies `message` behind its length prefix into `out`.
pub fn frame(message: &[u8], out: &mut [u8]) -> Result<usize> {
    write_framed(out, |body| {
        let available = body.len();
        body.get_mut(..message.len())
            .ok_or_else(|| Error::buffer_too_small(P, message.len() + 2, available + 2))?
            .copy_from_slice(message);
        Ok(message.len())
    })
}

/// What the [`Deframer`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A whole message (not parsed: hand it to [`Message::parse`](super::Message::parse)).
    Message(&'a [u8]),
    /// A message longer than the buffer; its `len` bytes are skipped.
    TooLong {
        /// The announced length.
        len: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading the prefix; `Some(hi)` once its first byte is in.
    Prefix(Option<u8>),
    /// Reading a message of `len` bytes, `have` of them stored.
    Body { len: usize, have: usize },
    /// Skipping `left` bytes of a message too long for the buffer.
    Skip { left: usize },
}

/// The push decoder of length-prefixed messages. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct Deframer<B = [u8; 4096]> {
    buf: B,
    state: State,
    position: u64,
}

impl Default for Deframer<[u8; 4096]> {
    fn default() -> Self {
        Deframer::new([0; 4096])
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Deframer<B> {
    /// A deframer storing messages in `buf` (its length is the largest message accepted).
    pub fn new(buf: B) -> Self {
        Deframer {
            buf,
            state: State::Prefix(None),
            position: 0,
        }
    }

    /// The largest message accepted.
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Bytes of the stream consumed so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Bytes of an unfinished prefix or message held.
    pub fn pending(&self) -> usize {
        match self.state {
            State::Prefix(None) => 0,
            State::Prefix(Some(_)) => 1,
            State::Body { have, .. } => 2 + have,
            State::Skip { .. } => 0,
        }
    }

    /// Forgets any unfinished message.
    pub fn reset(&mut self) {
        self.state = State::Prefix(None);
    }

    /// Consumes input up to the end of the next event and returns it (`None` when `input`
    /// ran out first; the partial message is kept for the next call).
    pub fn decode<'s>(&'s mut self, input: &mut &[u8]) -> Option<Event<'s>> {
        loop {
            match self.state {
                State::Prefix(hi) => {
                    let (&b, rest) = input.split_first()?;
                    *input = rest;
                    self.position += 1;
                    match hi {
                        None => self.state = State::Prefix(Some(b)),
                        Some(hi) => {
                            let len = u16::from_be_bytes([hi, b]);
                            if usize::from(len) > self.capacity() {
                                self.state = State::Skip {
                                    left: usize::from(len),
                                };
                                return Some(Event::TooLong { len });
                            }
                            self.state = State::Body {
                                len: usize::from(len),
                                have: 0,
                            };
                        }
                    }
                }
                State::Skip { left } => {
                    if left == 0 {
                        self.state = State::Prefix(None);
                        continue;
                    }
                    if input.is_empty() {
                        return None;
                    }
                    let n = left.min(input.len());
                    *input = input.get(n..).unwrap_or(&[]);
                    self.position += n as u64;
                    self.state = State::Skip { left: left - n };
                }
                State::Body { len, have } => {
                    if have < len {
                        if input.is_empty() {
                            return None;
                        }
                        let n = (len - have).min(input.len());
                        let (take, rest) = input.split_at(n);
                        if let Some(dst) = self.buf.as_mut().get_mut(have..have + n) {
                            dst.copy_from_slice(take);
                        }
                        *input = rest;
                        self.position += n as u64;
                        self.state = State::Body {
                            len,
                            have: have + n,
                        };
                        continue;
                    }
                    self.state = State::Prefix(None);
                    return Some(Event::Message(self.buf.as_ref().get(..len).unwrap_or(&[])));
                }
            }
        }
    }

    /// Runs `on_event` on every event of `chunk`.
    pub fn push(&mut self, mut chunk: &[u8], mut on_event: impl FnMut(Event<'_>)) {
        while let Some(e) = self.decode(&mut chunk) {
            on_event(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn every_split_gives_the_same_events() {
        // Two messages (3 and 0 bytes), one too long (5 > capacity 4), one more of 1.
        let wire = [0, 3, 1, 2, 3, 0, 0, 0, 5, 9, 9, 9, 9, 9, 0, 1, 7];
        let run = |cuts: &[usize]| {
            let mut d = Deframer::new([0u8; 4]);
            let mut events: Vec<std::string::String> = Vec::new();
            let mut last = 0;
            for &c in cuts.iter().chain(core::iter::once(&wire.len())) {
                d.push(&wire[last..c], |e| events.push(std::format!("{e:?}")));
                last = c;
            }
            assert_eq!(d.position(), wire.len() as u64);
            events
        };
        let whole = run(&[]);
        assert_eq!(
            whole,
            [
                "Message([1, 2, 3])",
                "Message([])",
                "TooLong { len: 5 }",
                "Message([7])"
            ]
        );
        for a in 0..=wire.len() {
            for b in a..=wire.len() {
                assert_eq!(run(&[a, b]), whole, "cut at {a} and {b}");
            }
        }
    }

    #[test]
    fn framing_checks_room() {
        let mut out = [0u8; 5];
        assert!(frame(&[1, 2, 3, 4], &mut out).is_err());
        assert_eq!(frame(&[1, 2, 3], &mut out).unwrap(), 5);
        assert_eq!(out, [0, 3, 1, 2, 3]);
        assert!(write_framed(&mut [0u8; 1], |_| Ok(0)).is_err());
    }
}
