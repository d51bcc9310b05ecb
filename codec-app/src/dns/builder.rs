//! Writing messages: a builder over the caller's `&mut [u8]` with name compression through a
//! fixed-capacity table (no allocation), and truncation at a record boundary with the TC
//! bit when the buffer is full (RFC 2181 §9).
//!
//! Entries are added in section order (questions, answers, authority, additional); the
//! counts are written by [`MessageBuilder::finish`]. Each entry is written whole or not at
//! all: when one does not fit, the builder goes back to the end of the previous entry
//! (forgetting the compression targets the failed entry recorded), sets TC and drops every
//! later entry — or, after [`MessageBuilder::strict`], returns the
//! [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) error and leaves the message
//! as it was. (An OPT record dropped this way is dropped too: a responder that must keep
//! it, RFC 6891 §7, sizes the buffer for it.)
//!
//! ```
//! use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
//! use codec_app::dns::rdata::RData;
//! use codec_app::dns::{Class, Flags, Message, NameBuf, Question, RecordRepr, RrType};
//!
//! let name = NameBuf::from_dotted("www.example.com")?;
//! let mut out = [0u8; 512];
//! let mut b = MessageBuilder::<16>::new(&mut out, HeaderRepr::response(0xbeef, Flags::RD | Flags::RA))?;
//! b.question(&Question { name: name.as_name(), qtype: RrType::A, qclass: Class::In })?;
//! b.answer(&RecordRepr {
//!     name: name.as_name(),
//!     class: Class::In,
//!     ttl: 20,
//!     data: RData::A([23, 45, 67, 89].into()),
//! })?;
//! let n = b.finish()?;
//! assert_eq!(n, 12 + 21 + 16); // the answer's owner is a 2-byte pointer
//! let m = Message::parse(&out[..n])?;
//! assert_eq!(m.answers().next().unwrap().name.to_string(), "www.example.com");
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::name::NameCompressor;
use super::{Flags, HEADER_LEN, Message, Opcode, P, Question, Rcode, RecordRepr, Section};
use codec_core::{Error, ErrorKind, Result, Writer};

/// The header fields a builder writes (the counts come from the entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderRepr {
    /// Query identifier.
    pub id: u16,
    /// The single-bit flags.
    pub flags: Flags,
    /// The opcode.
    pub opcode: Opcode,
    /// The RCODE; only its low 4 bits go into the header (the upper ones belong in the OPT
    /// record's TTL, see [`Edns`](super::edns::Edns)).
    pub rcode: Rcode,
}

impl HeaderRepr {
    /// A standard query with the given flags.
    #[must_use]
    pub const fn query(id: u16, flags: Flags) -> Self {
        HeaderRepr {
            id,
            flags,
            opcode: Opcode::Query,
            rcode: Rcode::NoError,
        }
    }

    /// A standard query response (QR added to `flags`), NOERROR.
    #[must_use]
    pub const fn response(id: u16, flags: Flags) -> Self {
        HeaderRepr {
            id,
            flags: flags.union(Flags::QR),
            opcode: Opcode::Query,
            rcode: Rcode::NoError,
        }
    }

    /// The header of a parsed message (its header RCODE, not the extended one).
    #[must_use]
    pub fn of(message: &Message<'_>) -> Self {
        HeaderRepr {
            id: message.id(),
            flags: message.flags(),
            opcode: message.opcode(),
            rcode: Rcode::from(u16::from(message.header_rcode())),
        }
    }

    /// The flags word: flags, opcode and the low 4 bits of the RCODE.
    #[must_use]
    pub fn word(&self) -> u16 {
        self.flags.bits()
            | (u16::from(self.opcode.value() & 0xf) << 11)
            | (self.rcode.value() & 0xf)
    }
}

/// A message under construction in a caller's buffer. `N` is the capacity of the name
/// compression table (suffixes remembered; 64 is plenty for a UDP message).
#[derive(Debug)]
pub struct MessageBuilder<'b, const N: usize = 64> {
    buf: &'b mut [u8],
    pos: usize,
    counts: [u16; 4],
    section: Section,
    compressor: NameCompressor<N>,
    truncate: bool,
    truncated: bool,
}

impl<'b, const N: usize> MessageBuilder<'b, N> {
    /// Starts a message: writes the header (counts zero until [`finish`](Self::finish)).
    pub fn new(buf: &'b mut [u8], header: HeaderRepr) -> Result<Self> {
        let available = buf.len();
        let head = buf
            .get_mut(..HEADER_LEN)
            .ok_or_else(|| Error::buffer_too_small(P, HEADER_LEN, available))?;
        head.fill(0);
        let [a, b] = header.id.to_be_bytes();
        let [c, d] = header.word().to_be_bytes();
        let word = [a, b, c, d];
        if let Some(b) = head.get_mut(..4) {
            b.copy_from_slice(&word);
        }
        Ok(MessageBuilder {
            buf,
            pos: HEADER_LEN,
            counts: [0; 4],
            section: Section::Question,
            compressor: NameCompressor::new(),
            truncate: true,
            truncated: false,
        })
    }

    /// Fail with `BufferTooSmall` instead of truncating (the message stays as it was).
    #[must_use]
    pub fn strict(mut self) -> Self {
        self.truncate = false;
        self
    }

    /// Whether an entry was dropped for lack of room (TC will be set).
    #[must_use]
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Bytes written so far.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.pos
    }

    /// Whether nothing but the header was written.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.pos == HEADER_LEN
    }

    /// Writes one entry of `section` with `write`, all or nothing.
    fn entry(
        &mut self,
        section: Section,
        write: impl FnOnce(&mut Writer<'_>, &mut NameCompressor<N>) -> Result<()>,
    ) -> Result<()> {
        if section < self.section {
            return Err(Error::new(
                P,
                self.pos,
                ErrorKind::Unsupported {
                    field: codec_core::Field::Count,
                    value: section as u32,
                },
            ));
        }
        if self.truncated {
            return Ok(());
        }
        let index = section as usize;
        if self.counts.get(index).copied().unwrap_or(u16::MAX) == u16::MAX {
            return Err(Error::new(
                P,
                self.pos,
                ErrorKind::TooLong {
                    field: codec_core::Field::Count,
                    limit: u32::from(u16::MAX),
                },
            ));
        }
        let mark = self.compressor.len();
        let mut w = Writer::new(P, &mut *self.buf);
        let result = w
            .reserve(self.pos)
            .map(|_| ())
            .and_then(|()| write(&mut w, &mut self.compressor));
        match result {
            Ok(()) => {
                self.pos = w.position();
                self.section = section;
                if let Some(c) = self.counts.get_mut(index) {
                    *c += 1;
                }
                Ok(())
            }
            Err(e) => {
                self.compressor.rollback(mark);
                if self.truncate && matches!(e.kind(), ErrorKind::BufferTooSmall { .. }) {
                    self.truncated = true;
                    self.section = section;
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Adds a question.
    pub fn question(&mut self, q: &Question<'_>) -> Result<()> {
        self.entry(Section::Question, |w, c| q.emit(w, 0, c))
    }

    /// Adds a record to `section` (not [`Section::Question`]).
    pub fn record(&mut self, section: Section, r: &RecordRepr<'_>) -> Result<()> {
        if section == Section::Question {
            return Err(Error::new(
                P,
                self.pos,
                ErrorKind::Unsupported {
                    field: codec_core::Field::Count,
                    value: 0,
                },
            ));
        }
        self.entry(section, |w, c| r.emit(w, 0, c).map(|_| ()))
    }

    /// Adds an answer record.
    pub fn answer(&mut self, r: &RecordRepr<'_>) -> Result<()> {
        self.record(Section::Answer, r)
    }

    /// Adds an authority record.
    pub fn authority(&mut self, r: &RecordRepr<'_>) -> Result<()> {
        self.record(Section::Authority, r)
    }

    /// Adds an additional record.
    pub fn additional(&mut self, r: &RecordRepr<'_>) -> Result<()> {
        self.record(Section::Additional, r)
    }

    /// Writes the counts (and TC if an entry was dropped) and returns the message length.
    pub fn finish(self) -> Result<usize> {
        let head = self
            .buf
            .get_mut(..HEADER_LEN)
            .ok_or_else(|| Error::buffer_too_small(P, HEADER_LEN, 0))?;
        if let (true, Some(b)) = (self.truncated, head.get_mut(2)) {
            *b |= 0x02;
        }
        for (i, c) in self.counts.iter().enumerate() {
            if let Some(slot) = head.get_mut(4 + 2 * i..6 + 2 * i) {
                slot.copy_from_slice(&c.to_be_bytes());
            }
        }
        Ok(self.pos)
    }
}

impl Message<'_> {
    /// Writes the message again into `out`, names compressed by the builder (the header
    /// copied, every entry re-encoded from its typed form), and returns its length. A
    /// message compressed the usual way (every name against the longest suffix written
    /// before it, RFC 1035 names in RDATA only) comes back byte for byte.
    pub fn emit_compressed(&self, out: &mut [u8]) -> Result<usize> {
        let mut b = MessageBuilder::<64>::new(out, HeaderRepr::of(self))?.strict();
        for q in self.questions() {
            b.question(&q)?;
        }
        for (section, r) in self.all_records() {
            b.record(section, &r.to_repr())?;
        }
        b.finish()
    }
}
