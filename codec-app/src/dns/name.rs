//! Domain names: validated, possibly compressed names inside a message, and the writers that
//! put names on the wire, with or without compression.
//!
//! # Decoding rules (RFC 1035 §3.1, §4.1.4; RFC 9267)
//!
//! [`Name::parse`] checks a name once, and after that every accessor is infallible:
//!
//! - a compression pointer must point strictly before the start of the segment it ends (the
//!   name's first byte, or the previous pointer's target), and the labels read from its
//!   target may not reach that segment start (every element of a segment starts before the
//!   segment the pointer left: hickory-proto's rule). This is stricter than "before the
//!   pointer itself": it rules out a pointer back into the name's own labels, which would
//!   loop, and segments that overlap, which no encoder writes; the segments of a name then
//!   lie one before the other, so a name never reads a byte twice. Forward pointers
//!   (emitted by some mDNS stacks) are accepted only with [`PointerPolicy::AllowForward`],
//!   under the same hop budget (and without the overlap rule);
//! - at most [`MAX_HOPS`] (126, as miekg/dns: `(255 + 1) / 2 - 2`) pointers per name, or fewer
//!   if [`NameRules::max_hops`] says so;
//! - at most [`MAX_NAME_LEN`] (255) octets counted after decompression, root octet included;
//! - labels of at most 63 octets; the label types `0x40` (extended, RFC 6891) and `0x80`
//!   (reserved) are rejected;
//! - the in-place bytes (up to the first pointer or the root label) must lie inside the given
//!   bounds, so a name in RDATA cannot run past its rdlength.
//!
//! The work per name is bounded by 255 octets and 126 hops whatever the input.
//!
//! # Text form
//!
//! [`Name`]'s `Display` writes labels separated by dots, without a trailing dot; the root
//! name is written `.` (the dissector shows it as Wireshark does, `<Root>`). Bytes are escaped
//! as RFC 4343 §2.1 asks: `.` and `\` inside a label become `\.` and `\\`, every byte outside
//! `0x21..=0x7e` becomes `\DDD` (three decimal digits). [`encode_dotted`] reads the same
//! escapes back.
//!
//! # Writing
//!
//! [`write_uncompressed`] writes labels, [`encode_dotted`] writes a dotted text, and
//! [`NameCompressor`] writes names with compression pointers against the names written
//! before it, with a fixed-capacity table (no allocation, work per name bounded by the name's
//! labels times the table capacity). Its offsets are relative to any base: a DNS message's
//! first byte, or the first byte of DHCP option 119's data (RFC 3397).
//!
//! ```
//! use codec_app::dns::name::{Name, NameCompressor, NameBuf};
//! use codec_core::{Protocol, Writer};
//!
//! // Two names, the second compressed against the first.
//! let mut out = [0u8; 64];
//! let mut w = Writer::new(Protocol::Dns, &mut out);
//! let mut table = NameCompressor::<8>::new();
//! table.write_dotted(&mut w, 0, "www.example.com")?;
//! table.write_dotted(&mut w, 0, "mail.Example.com.")?;
//! let n = w.position();
//! assert_eq!(&out[17..n], b"\x04mail\x07Example\xc0\x0c"); // "com" at offset 12
//!
//! let (first, end) = Name::parse(&out[..n], 0)?;
//! assert_eq!(end, 17);
//! let (second, end) = Name::parse(&out[..n], 17)?;
//! assert_eq!(end, n);
//! assert_eq!(second.to_string(), "mail.Example.com");
//! assert_eq!(second, NameBuf::from_dotted("MAIL.example.COM")?.as_name());
//! assert_eq!(first.labels().collect::<Vec<_>>(), [&b"www"[..], b"example", b"com"]);
//! assert_eq!(second.len(), 18);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;
use core::hash::{Hash, Hasher};

/// The most compression pointers followed in one name (RFC 9267 §2; miekg/dns's bound).
pub const MAX_HOPS: u8 = 126;
/// The longest name in octets on the wire, uncompressed, root octet included (RFC 1035 §2.3.4).
pub const MAX_NAME_LEN: usize = 255;
/// The longest label in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// The largest offset a compression pointer can carry (14 bits).
pub const MAX_POINTER_OFFSET: usize = 0x3fff;

const P: Protocol = Protocol::Dns;

/// Which compression pointers [`Name::parse_with`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PointerPolicy {
    /// Pointers must point before the segment they end (RFC 1035 §4.1.4 as every
    /// mainstream decoder reads it). The default.
    #[default]
    Backward,
    /// Pointers may also point forward (some mDNS stacks emit them); loops are stopped by
    /// the hop budget and the 255-octet limit. A pointer may never point at itself.
    AllowForward,
    /// No pointers at all: the name must be written in full (DNS names inside places that
    /// forbid compression, or a name standing alone).
    Forbidden,
}

/// How [`Name::parse_with`] treats compression pointers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NameRules {
    /// Which pointers are followed.
    pub pointers: PointerPolicy,
    /// The most pointers followed in one name; values above [`MAX_HOPS`] count as
    /// [`MAX_HOPS`].
    pub max_hops: u8,
}

impl NameRules {
    /// Backward pointers only, at most [`MAX_HOPS`] of them.
    pub const STRICT: NameRules = NameRules {
        pointers: PointerPolicy::Backward,
        max_hops: MAX_HOPS,
    };
    /// Forward pointers allowed (mDNS), at most [`MAX_HOPS`] hops.
    pub const MDNS: NameRules = NameRules {
        pointers: PointerPolicy::AllowForward,
        max_hops: MAX_HOPS,
    };
    /// No compression pointers.
    pub const UNCOMPRESSED: NameRules = NameRules {
        pointers: PointerPolicy::Forbidden,
        max_hops: 0,
    };
}

impl Default for NameRules {
    fn default() -> Self {
        NameRules::STRICT
    }
}

#[cold]
#[inline(never)]
fn fail(pos: usize, kind: ErrorKind) -> Error {
    Error::new(P, pos, kind)
}

#[cold]
#[inline(never)]
fn truncated(pos: usize, needed: usize, available: usize) -> Error {
    Error::truncated(P, pos, needed, available)
}

/// The error of a label at `pos` of `l` octets that made the name `len` octets (root
/// excluded) or ran past `limit`.
#[cold]
#[inline(never)]
fn label_error(pos: usize, l: usize, len: usize, limit: usize) -> Error {
    if len >= MAX_NAME_LEN {
        name_too_long(pos)
    } else {
        Error::truncated(P, pos + 1, l, limit.saturating_sub(pos + 1))
    }
}

/// One checked suffix: from `target`, `len` octets (root excluded) over `hops` pointers,
/// its first segment's elements starting at or before `last`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemoEntry {
    pub(crate) len: usize,
    pub(crate) hops: u8,
    pub(crate) last: usize,
}

const MEMO_SLOTS: usize = 16;

/// A [`MemoEntry`] as stored, packed in one word: bit 63 set when used, bits 0..14 the
/// target (a pointer target is below 2^14), 14..46 `last`, 46..54 `len`, 54..62 `hops`.
/// An empty slot is 0, so the table starts as a few zeroing stores (no copy).
const MEMO_USED: u64 = 1 << 63;

/// Suffixes checked in one message, direct-mapped by target offset (a small fixed table:
/// no allocation; a collision just forgets the older entry, and so does an entry whose
/// offsets do not fit the slot).
#[derive(Debug, Clone)]
pub(crate) struct SuffixMemo {
    slots: [core::cell::Cell<u64>; MEMO_SLOTS],
}

impl Default for SuffixMemo {
    #[inline]
    fn default() -> Self {
        SuffixMemo {
            slots: [const { core::cell::Cell::new(0) }; MEMO_SLOTS],
        }
    }
}

impl SuffixMemo {
    #[inline]
    pub(crate) fn get(&self, target: usize) -> Option<MemoEntry> {
        let e = self.slots.get(target % MEMO_SLOTS)?.get();
        if e & MEMO_USED != 0 && (e & 0x3fff) as usize == target {
            Some(MemoEntry {
                len: ((e >> 46) & 0xff) as usize,
                hops: ((e >> 54) & 0xff) as u8,
                last: ((e >> 14) & 0xffff_ffff) as usize,
            })
        } else {
            None
        }
    }

    /// Remembers a whole name just checked at `offset` as a suffix later pointers may
    /// reach: `len` octets over `hops` pointers, its first pointer (if any) `2` before
    /// `after` (`usize::MAX` for none), its root at `root`. A name that starts with a
    /// pointer is not kept (its target was, if it was walked); pointers to pointers are
    /// rare and its slot is better left to the targets.
    #[inline(always)]
    fn insert_own(&self, offset: usize, after: usize, root: usize, len: usize, hops: u8) {
        let last = if after == usize::MAX { root } else { after - 2 };
        if last > offset {
            self.insert(offset, len, hops, last);
        }
    }

    #[inline]
    fn insert(&self, target: usize, len: usize, hops: u8, last: usize) {
        if let (Some(slot), true, Ok(last), Ok(len)) = (
            self.slots.get(target % MEMO_SLOTS),
            target < 0x4000,
            u32::try_from(last),
            u8::try_from(len),
        ) {
            slot.set(
                MEMO_USED
                    | target as u64
                    | (u64::from(last) << 14)
                    | (u64::from(len) << 46)
                    | (u64::from(hops) << 54),
            );
        }
    }
}

/// A validated domain name inside a message, possibly compressed.
///
/// It borrows the whole message (compression pointers are message offsets) and remembers
/// where its first byte is: two words, `Copy`. The checks were made once, when it was
/// parsed; the label walk, the length and the comparisons follow the pointers again
/// (at most 126 hops and 255 octets). Equality and hashing ignore ASCII case (RFC 4343) and
/// compression: a compressed name equals the same name written in full.
#[derive(Clone, Copy)]
pub struct Name<'a> {
    message: &'a [u8],
    start: usize,
}

impl<'a> Name<'a> {
    /// The root name `.`.
    pub const ROOT: Name<'static> = Name {
        message: &[0],
        start: 0,
    };

    /// A name at `start` in `message` that the caller has already validated (a message
    /// view's records): no check, no walk.
    #[inline]
    pub(crate) const fn trusted(message: &'a [u8], start: usize) -> Name<'a> {
        Name { message, start }
    }

    /// Parses the name at `offset` in `message` with the [strict rules](NameRules::STRICT).
    ///
    /// Returns the name and the offset just past its in-place bytes (after the first
    /// pointer, or after the root label when there is no pointer).
    #[inline]
    pub fn parse(message: &'a [u8], offset: usize) -> Result<(Name<'a>, usize)> {
        Self::parse_bounded(message, offset, message.len(), NameRules::STRICT)
    }

    /// Parses the name at `offset` in `message` with the given rules.
    #[inline]
    pub fn parse_with(
        message: &'a [u8],
        offset: usize,
        rules: NameRules,
    ) -> Result<(Name<'a>, usize)> {
        Self::parse_bounded(message, offset, message.len(), rules)
    }

    /// Parses the name at `offset` whose in-place bytes must end at or before `end` (a name
    /// in RDATA may not run past the record's rdlength); pointer targets may lie anywhere in
    /// `message` the rules allow. A name crossing `end` is reported as truncated at the first
    /// byte it would need past `end`.
    pub fn parse_bounded(
        message: &'a [u8],
        offset: usize,
        end: usize,
        rules: NameRules,
    ) -> Result<(Name<'a>, usize)> {
        Self::parse_memo(message, offset, end, rules, None)
    }

    /// The check of [`parse_memo`](Self::parse_memo) under backward pointers, without
    /// building a name or an error: `Some(next)` exactly when `parse_memo` with the same
    /// `end`, `max_hops` and memo would succeed (the memo updated the same way), `None`
    /// otherwise; the caller then re-runs `parse_memo` for the typed error (once: an error
    /// ends the parse).
    #[inline(always)]
    pub(crate) fn check_backward(
        message: &[u8],
        offset: usize,
        end: usize,
        max_hops: u8,
        memo: &SuffixMemo,
    ) -> Option<usize> {
        let max_hops = if max_hops > MAX_HOPS {
            MAX_HOPS
        } else {
            max_hops
        };
        let mut first: Option<(usize, usize, u8, usize)> = None;
        let mut limit = if end < message.len() {
            end
        } else {
            message.len()
        };
        let mut pos = offset;
        let mut segment = offset;
        let mut after = usize::MAX;
        let mut len = 0usize;
        let mut hops = 0u8;
        // The first byte labels may not reach: `limit` before the first pointer, then the
        // start of the segment the last pointer left (always below `limit` then).
        let mut bound = limit;
        loop {
            if pos >= bound {
                return None;
            }
            let b = *message.get(pos)?;
            if b < 0x40 {
                if b == 0 {
                    let end = if after == usize::MAX { pos + 1 } else { after };
                    if let Some((target, before, hops_at, last)) = first {
                        let last = if last == usize::MAX { pos } else { last };
                        memo.insert(target, len - before, hops - hops_at, last);
                    }
                    memo.insert_own(offset, after, pos, len, hops);
                    return Some(end);
                }
                let l = usize::from(b);
                len += l + 1;
                let next = pos + 1 + l;
                if len >= MAX_NAME_LEN || next > bound {
                    return None;
                }
                pos = next;
            } else if b >= 0xc0 {
                if pos + 1 >= limit {
                    return None;
                }
                let low = *message.get(pos + 1)?;
                let target = (usize::from(b & 0x3f) << 8) | usize::from(low);
                if target >= segment || hops >= max_hops {
                    return None;
                }
                hops += 1;
                if after == usize::MAX {
                    after = pos + 2;
                    limit = message.len();
                }
                bound = segment;
                if let Some(f) = first.as_mut().filter(|f| f.3 == usize::MAX) {
                    f.3 = pos;
                }
                if let Some(hit) = memo.get(target) {
                    if hit.last < segment
                        && len + hit.len < MAX_NAME_LEN
                        && usize::from(hops) + usize::from(hit.hops) <= usize::from(max_hops)
                    {
                        memo.insert_own(offset, after, pos, len + hit.len, hops + hit.hops);
                        return Some(after);
                    }
                } else if first.is_none() {
                    first = Some((target, len, hops, usize::MAX));
                }
                segment = target;
                pos = target;
            } else {
                return None;
            }
        }
    }

    /// [`parse_bounded`](Self::parse_bounded) with a memo of the suffixes already checked
    /// in the same message: a pointer to one of them ends the walk at once when the
    /// suffix's length, hops and extent fit the rules (so a message whose names all point at
    /// one long chain is checked in linear time). Only for backward pointers.
    pub(crate) fn parse_memo(
        message: &'a [u8],
        offset: usize,
        end: usize,
        rules: NameRules,
        memo: Option<&SuffixMemo>,
    ) -> Result<(Name<'a>, usize)> {
        let memo = if rules.pointers == PointerPolicy::Backward {
            memo
        } else {
            None
        };
        // The first pointer target of this name, to remember once the name is checked:
        // (target, octets before it, hops counted with it, last element start of its
        // first segment).
        let mut first: Option<(usize, usize, u8, usize)> = None;
        let max_hops = if rules.max_hops > MAX_HOPS {
            MAX_HOPS
        } else {
            rules.max_hops
        };
        let mut limit = if end < message.len() {
            end
        } else {
            message.len()
        };
        let mut pos = offset;
        let mut segment = offset;
        let mut after: Option<usize> = None;
        // Octets so far, root excluded.
        let mut len = 0usize;
        let mut hops = 0u8;
        // With backward pointers: the start of the segment the last pointer left, which the
        // labels read from its target may not reach.
        let mut overlap_limit = usize::MAX;
        loop {
            if pos >= overlap_limit {
                return Err(fail(
                    pos,
                    ErrorKind::TooLong {
                        field: Field::NameSegment,
                        limit: overlap_limit as u32,
                    },
                ));
            }
            let Some(&b) = message.get(pos).filter(|_| pos < limit) else {
                return Err(truncated(pos, 1, 0));
            };
            match b & 0xc0 {
                0x00 => {
                    if b == 0 {
                        let end = after.unwrap_or(pos + 1);
                        if let Some(memo) = memo {
                            if let Some((target, before, hops_at, last)) = first {
                                let last = if last == usize::MAX { pos } else { last };
                                memo.insert(target, len - before, hops - hops_at, last);
                            }
                            memo.insert_own(offset, after.unwrap_or(usize::MAX), pos, len, hops);
                        }
                        return Ok((
                            Name {
                                message,
                                start: offset,
                            },
                            end,
                        ));
                    }
                    let l = usize::from(b);
                    len += l + 1;
                    let next = pos + 1 + l;
                    if len >= MAX_NAME_LEN || next > limit {
                        return Err(label_error(pos, l, len, limit));
                    }
                    pos = next;
                }
                0xc0 => {
                    let Some(&low) = message.get(pos + 1).filter(|_| pos + 1 < limit) else {
                        return Err(truncated(pos + 1, 1, 0));
                    };
                    let target = (usize::from(b & 0x3f) << 8) | usize::from(low);
                    match rules.pointers {
                        PointerPolicy::Forbidden => {
                            return Err(fail(
                                pos,
                                ErrorKind::Unsupported {
                                    field: Field::Label,
                                    value: u32::from(b),
                                },
                            ));
                        }
                        PointerPolicy::Backward => {
                            if target >= segment {
                                return Err(fail(
                                    pos,
                                    ErrorKind::ForwardPointer {
                                        target: target as u32,
                                    },
                                ));
                            }
                        }
                        PointerPolicy::AllowForward => {
                            if target == pos {
                                return Err(fail(pos, ErrorKind::PointerLoop { hops: 0 }));
                            }
                            if target >= message.len() {
                                return Err(truncated(
                                    target,
                                    1,
                                    message.len().saturating_sub(target),
                                ));
                            }
                        }
                    }
                    if hops >= max_hops {
                        return Err(fail(
                            pos,
                            ErrorKind::PointerLoop {
                                hops: u16::from(max_hops),
                            },
                        ));
                    }
                    hops += 1;
                    if after.is_none() {
                        after = Some(pos + 2);
                        limit = message.len();
                    }
                    if rules.pointers == PointerPolicy::Backward {
                        overlap_limit = segment;
                    }
                    if let Some(f) = first.as_mut().filter(|f| f.3 == usize::MAX) {
                        // The first target's first segment ends at this pointer.
                        f.3 = pos;
                    }
                    if let Some(memo) = memo {
                        if let Some(hit) = memo.get(target) {
                            if hit.last < segment
                                && len + hit.len < MAX_NAME_LEN
                                && usize::from(hops) + usize::from(hit.hops)
                                    <= usize::from(max_hops)
                            {
                                memo.insert_own(
                                    offset,
                                    after.unwrap_or(usize::MAX),
                                    pos,
                                    len + hit.len,
                                    hops + hit.hops,
                                );
                                return Ok((
                                    Name {
                                        message,
                                        start: offset,
                                    },
                                    after.unwrap_or(pos + 2),
                                ));
                            }
                        } else if first.is_none() {
                            first = Some((target, len, hops, usize::MAX));
                        }
                    }
                    segment = target;
                    pos = target;
                }
                _ => {
                    return Err(fail(
                        pos,
                        ErrorKind::BadValue {
                            field: Field::Label,
                            value: u32::from(b),
                        },
                    ));
                }
            }
        }
    }

    /// Parses an uncompressed name that fills `wire` exactly.
    pub fn from_wire(wire: &'a [u8]) -> Result<Name<'a>> {
        let (name, end) = Self::parse_with(wire, 0, NameRules::UNCOMPRESSED)?;
        if end != wire.len() {
            return Err(Error::bad_length(P, end, Field::Name, wire.len() as u32));
        }
        Ok(name)
    }

    /// The labels, root excluded, following compression pointers.
    #[inline]
    #[must_use]
    pub fn labels(&self) -> Labels<'a> {
        Labels {
            message: self.message,
            pos: self.start,
            budget: MAX_NAME_LEN as u8,
        }
    }

    /// The length on the wire once decompressed, root octet included (1 for the root).
    #[inline]
    #[must_use]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.labels().map(|l| l.len() + 1).sum::<usize>() + 1
    }

    /// The number of labels, root excluded.
    #[inline]
    #[must_use]
    pub fn label_count(&self) -> usize {
        self.labels().count()
    }

    /// Whether this is the root name.
    #[inline]
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.labels().next().is_none()
    }

    /// The offset of the name's first byte in the message it was parsed from.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.start
    }

    /// The message the name was parsed from (its compression pointers are offsets in it).
    #[inline]
    #[must_use]
    pub const fn message(&self) -> &'a [u8] {
        self.message
    }

    /// Writes the name uncompressed (decompressed if it was compressed) into `out`, returning
    /// the number of bytes written ([`len`](Self::len)).
    pub fn to_wire(&self, out: &mut [u8]) -> Result<usize> {
        let mut w = Writer::new(P, out);
        self.emit_uncompressed(&mut w)?;
        Ok(w.position())
    }

    /// Writes the name uncompressed at the writer's position. Nothing is written when it does
    /// not fit.
    pub fn emit_uncompressed(&self, w: &mut Writer<'_>) -> Result<()> {
        let out = w.reserve(self.len())?;
        let mut at = 0usize;
        for label in self.labels() {
            if let Some(slot) = out.get_mut(at) {
                *slot = label.len() as u8;
            }
            if let Some(dst) = out.get_mut(at + 1..at + 1 + label.len()) {
                dst.copy_from_slice(label);
            }
            at += 1 + label.len();
        }
        if let Some(slot) = out.get_mut(at) {
            *slot = 0;
        }
        Ok(())
    }

    /// The name as an owned, uncompressed [`NameBuf`].
    #[must_use]
    pub fn to_buf(&self) -> NameBuf {
        let mut buf = NameBuf {
            wire: [0; MAX_NAME_LEN],
            len: 0,
        };
        // `len()` ≤ 255 always fits.
        buf.len = self.to_wire(&mut buf.wire).unwrap_or(0) as u8;
        buf
    }

    /// The address of the message and the offset of the first label (after any leading
    /// pointers), which identify the name among the names of one message.
    fn source_key(&self) -> (usize, u32) {
        let mut pos = self.start;
        for _ in 0..=MAX_HOPS {
            match (self.message.get(pos), self.message.get(pos + 1)) {
                (Some(&b), Some(&low)) if b & 0xc0 == 0xc0 => {
                    pos = (usize::from(b & 0x3f) << 8) | usize::from(low);
                }
                _ => break,
            }
        }
        (self.message.as_ptr() as usize, pos as u32)
    }

    /// Whether `self` is `other` or a name below it (case-insensitive).
    #[must_use]
    pub fn ends_with(&self, other: &Name<'_>) -> bool {
        let (mine, theirs) = (self.label_count(), other.label_count());
        if theirs > mine {
            return false;
        }
        let mut a = self.labels();
        for _ in 0..(mine - theirs) {
            a.next();
        }
        a.eq_by_case(other.labels())
    }
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str(".");
        }
        for (i, label) in self.labels().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write_escaped_label(f, label)?;
        }
        Ok(())
    }
}

/// Writes one label with RFC 4343 §2.1 escapes: `\.` and `\\`, and `\DDD` for every byte
/// outside `0x21..=0x7e`.
pub fn write_escaped_label(f: &mut dyn fmt::Write, label: &[u8]) -> fmt::Result {
    let mut run = 0usize;
    for (i, &b) in label.iter().enumerate() {
        let plain = (0x21..=0x7e).contains(&b) && b != b'.' && b != b'\\';
        if plain {
            continue;
        }
        if let Some(s) = label.get(run..i) {
            // Only 0x21..=0x7e bytes here: ASCII.
            f.write_str(core::str::from_utf8(s).unwrap_or(""))?;
        }
        if b == b'.' || b == b'\\' {
            f.write_char('\\')?;
            f.write_char(b as char)?;
        } else {
            write!(f, "\\{b:03}")?;
        }
        run = i + 1;
    }
    if let Some(s) = label.get(run..) {
        f.write_str(core::str::from_utf8(s).unwrap_or(""))?;
    }
    Ok(())
}

impl fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name(\"{self}\")")
    }
}

impl PartialEq for Name<'_> {
    fn eq(&self, other: &Name<'_>) -> bool {
        self.labels().eq_by_case(other.labels())
    }
}

impl Eq for Name<'_> {}

impl Hash for Name<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for label in self.labels() {
            state.write_u8(label.len() as u8);
            for &b in label {
                state.write_u8(b.to_ascii_lowercase());
            }
        }
    }
}

/// The labels of a [`Name`], root excluded, as borrowed byte slices.
#[derive(Debug, Clone)]
pub struct Labels<'a> {
    message: &'a [u8],
    pos: usize,
    /// Octets left before the 255 limit: keeps the walk finite whatever the bytes.
    budget: u8,
}

impl<'a> Labels<'a> {
    fn eq_by_case(mut self, mut other: Labels<'_>) -> bool {
        loop {
            match (self.next(), other.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => {}
                _ => return false,
            }
        }
    }
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        // The name was validated: at most MAX_HOPS pointers lie before the next label. The
        // bounds keep this loop finite whatever the bytes.
        for _ in 0..=MAX_HOPS {
            let b = *self.message.get(self.pos)?;
            if b & 0xc0 == 0xc0 {
                let low = *self.message.get(self.pos + 1)?;
                self.pos = (usize::from(b & 0x3f) << 8) | usize::from(low);
                continue;
            }
            if b == 0 || b & 0xc0 != 0 || b >= self.budget {
                self.budget = 0;
                return None;
            }
            let start = self.pos + 1;
            let label = self.message.get(start..start + usize::from(b))?;
            self.pos = start + usize::from(b);
            self.budget -= b + 1;
            return Some(label);
        }
        None
    }
}

/// An owned, uncompressed name of at most 255 octets (no allocation: a fixed array).
#[derive(Clone, Copy)]
pub struct NameBuf {
    wire: [u8; MAX_NAME_LEN],
    len: u8,
}

impl NameBuf {
    /// Encodes a dotted text name (RFC 1035 §5.1 escapes `\.`, `\\`, `\DDD`; a trailing dot
    /// is optional; `""` and `"."` are the root).
    pub fn from_dotted(text: &str) -> Result<NameBuf> {
        let mut buf = NameBuf {
            wire: [0; MAX_NAME_LEN],
            len: 0,
        };
        let (len, _) = encode_dotted_counting(text.as_bytes(), &mut buf.wire)?;
        buf.len = len as u8;
        Ok(buf)
    }

    /// Copies labels into an uncompressed name.
    pub fn from_labels<'l, I>(labels: I) -> Result<NameBuf>
    where
        I: IntoIterator<Item = &'l [u8]>,
    {
        let mut buf = NameBuf {
            wire: [0; MAX_NAME_LEN],
            len: 0,
        };
        let mut w = Writer::new(P, &mut buf.wire);
        let (len, _) = write_labels_counting(&mut w, labels)?;
        buf.len = len as u8;
        Ok(buf)
    }

    /// The name as a [`Name`] view.
    #[must_use]
    pub fn as_name(&self) -> Name<'_> {
        Name {
            message: self.as_wire(),
            start: 0,
        }
    }

    /// The uncompressed wire bytes, root octet included.
    #[must_use]
    pub fn as_wire(&self) -> &[u8] {
        self.wire.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Display for NameBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_name(), f)
    }
}

impl fmt::Debug for NameBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_name(), f)
    }
}

impl PartialEq for NameBuf {
    fn eq(&self, other: &NameBuf) -> bool {
        self.as_name() == other.as_name()
    }
}

impl Eq for NameBuf {}

impl<'a> PartialEq<Name<'a>> for NameBuf {
    fn eq(&self, other: &Name<'a>) -> bool {
        self.as_name() == *other
    }
}

impl<'a> PartialEq<NameBuf> for Name<'a> {
    fn eq(&self, other: &NameBuf) -> bool {
        *self == other.as_name()
    }
}

/// Writes labels as an uncompressed name (root label added) at the writer's position and
/// returns the number of bytes written. Each label must have 1 to 63 octets and the name at
/// most 255; on error the writer may hold part of the name (its position is not rewound).
pub fn write_uncompressed<'l, I>(w: &mut Writer<'_>, labels: I) -> Result<usize>
where
    I: IntoIterator<Item = &'l [u8]>,
{
    write_labels_counting(w, labels).map(|(n, _)| n)
}

fn write_labels_counting<'l, I>(w: &mut Writer<'_>, labels: I) -> Result<(usize, u8)>
where
    I: IntoIterator<Item = &'l [u8]>,
{
    let mut len = 1usize;
    let mut count = 0u8;
    for label in labels {
        check_label(label.len(), len - 1)?;
        len += 1 + label.len();
        if len > MAX_NAME_LEN {
            return Err(name_too_long(len - 1 - label.len()));
        }
        w.put_u8(label.len() as u8)?;
        w.put_slice(label)?;
        count += 1;
    }
    w.put_u8(0)?;
    Ok((len, count))
}

fn check_label(len: usize, at: usize) -> Result<()> {
    if len == 0 {
        return Err(Error::bad_length(P, at, Field::Label, 0));
    }
    if len > MAX_LABEL_LEN {
        return Err(Error::new(
            P,
            at,
            ErrorKind::TooLong {
                field: Field::Label,
                limit: MAX_LABEL_LEN as u32,
            },
        ));
    }
    Ok(())
}

fn name_too_long(at: usize) -> Error {
    Error::new(
        P,
        at,
        ErrorKind::TooLong {
            field: Field::Name,
            limit: MAX_NAME_LEN as u32,
        },
    )
}

/// Encodes a dotted text name into `out` as an uncompressed wire name and returns its
/// length. Escapes as RFC 1035 §5.1: `\.` is a dot inside a label, `\\` a backslash, `\DDD`
/// the byte with decimal value DDD, `\X` the character X. A trailing dot is optional; `""`
/// and `"."` are the root. Errors carry the offset in `text`: an empty label
/// ([`ErrorKind::BadLength`] of [`Field::Label`]), a label over 63 octets or a name over 255
/// ([`ErrorKind::TooLong`]), a bad escape ([`ErrorKind::BadValue`]), or `out` too small.
pub fn encode_dotted(text: &str, out: &mut [u8]) -> Result<usize> {
    encode_dotted_counting(text.as_bytes(), out).map(|(n, _)| n)
}

fn encode_dotted_counting(text: &[u8], out: &mut [u8]) -> Result<(usize, u8)> {
    let capacity = out.len();
    let mut put = |at: usize, b: u8| -> Result<()> {
        match out.get_mut(at) {
            Some(slot) => {
                *slot = b;
                Ok(())
            }
            None => Err(Error::buffer_too_small(P, at + 1, capacity)),
        }
    };
    if text.is_empty() || text == b"." {
        put(0, 0)?;
        return Ok((1, 0));
    }
    // `len_at` is where the current label's length octet goes.
    let mut len_at = 0usize;
    let mut at = 1usize;
    let mut labels = 0u8;
    let mut label_start_text = 0usize;
    let mut i = 0usize;
    let close = |put: &mut dyn FnMut(usize, u8) -> Result<()>,
                 len_at: usize,
                 at: usize,
                 text_at: usize|
     -> Result<()> {
        let l = at - len_at - 1;
        check_label(l, text_at)?;
        put(len_at, l as u8)
    };
    while let Some(&c) = text.get(i) {
        let byte_at = i;
        let byte = match c {
            b'.' => {
                close(&mut put, len_at, at, label_start_text)?;
                labels += 1;
                len_at = at;
                at += 1;
                i += 1;
                label_start_text = i;
                if i == text.len() {
                    // Trailing dot: the root label is added below.
                    at -= 1;
                    len_at = usize::MAX;
                }
                continue;
            }
            b'\\' => {
                let d = |k: usize| text.get(i + k).copied().filter(u8::is_ascii_digit);
                match (d(1), d(2), d(3)) {
                    (Some(a), Some(b), Some(c)) => {
                        let v = u32::from(a - b'0') * 100
                            + u32::from(b - b'0') * 10
                            + u32::from(c - b'0');
                        if v > 255 {
                            return Err(Error::bad_value(P, i, Field::Label, v));
                        }
                        i += 4;
                        v as u8
                    }
                    (Some(_), _, _) => {
                        return Err(Error::bad_value(P, i, Field::Label, u32::from(c)));
                    }
                    _ => match text.get(i + 1) {
                        Some(&e) => {
                            i += 2;
                            e
                        }
                        None => return Err(Error::bad_value(P, i, Field::Label, u32::from(c))),
                    },
                }
            }
            other => {
                i += 1;
                other
            }
        };
        if at - len_at > MAX_LABEL_LEN {
            return Err(Error::new(
                P,
                label_start_text,
                ErrorKind::TooLong {
                    field: Field::Label,
                    limit: MAX_LABEL_LEN as u32,
                },
            ));
        }
        if at + 1 >= MAX_NAME_LEN {
            return Err(name_too_long(byte_at));
        }
        put(at, byte)?;
        at += 1;
    }
    if len_at != usize::MAX {
        close(&mut put, len_at, at, label_start_text)?;
        labels += 1;
    }
    if at + 1 > MAX_NAME_LEN {
        return Err(name_too_long(text.len()));
    }
    put(at, 0)?;
    Ok((at + 1, labels))
}

/// What a name written by a [`NameCompressor`] leaves behind for later names to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Targets {
    /// Every suffix written in full (RFC 1035 §4.1.4: the usual choice).
    EverySuffix,
    /// Only the whole name, as BIND 4 did for the question it copied from the query: later
    /// names equal to it point at it, names sharing only a suffix do not.
    WholeName,
    /// Nothing.
    Nothing,
}

/// A name writer with compression: a fixed table of up to `N` suffixes already written.
///
/// Each [`write_*`](Self::write_wire) call writes one name at the writer's position: the
/// longest suffix of the name already in the table is replaced by a pointer, the labels
/// before it are written and recorded (when their offset fits the 14 bits of a pointer and
/// the table has room; a full table just stops growing). Pointer values are offsets from
/// `base`, an absolute position in the writer's buffer: 0 for a DNS message written from the
/// start of the buffer, or the first byte of DHCP option 119's data.
///
/// Matching is exact (byte for byte, case included), so decompressing gives back exactly the
/// names written. Candidates are found by a hash of each suffix in a chained hash index
/// (64 buckets), then checked against the bytes already written, so the work per name is
/// at most its labels times the entries of one bucket plus one check of at most 255 octets
/// per hash hit: never quadratic in the message.
#[derive(Clone)]
pub struct NameCompressor<const N: usize> {
    hashes: [u32; N],
    offsets: [u16; N],
    /// For each entry, the entry before it in its bucket, plus one (0: none).
    next: [u16; N],
    /// For each bucket (the low bits of the hash), its latest entry, plus one (0: none).
    heads: [u16; BUCKETS],
    len: usize,
    /// Where names read from a message were written: (address of the source message,
    /// offset of the name's first label there) → output offset. A hit is checked against
    /// the output before it is used, so a reused buffer cannot mislead it.
    recent: [(usize, u32, u16); RECENT],
    /// The name being written, laid out flat (kept here so that no name pays for clearing
    /// a fresh one).
    flat: Flat,
}

impl<const N: usize> fmt::Debug for NameCompressor<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NameCompressor")
            .field("len", &self.len)
            .field("offsets", &self.offsets.get(..self.len).unwrap_or(&[]))
            .finish_non_exhaustive()
    }
}

/// Slots of [`NameCompressor`]'s memo of source names.
const RECENT: usize = 8;

/// Buckets of [`NameCompressor`]'s hash index.
const BUCKETS: usize = 64;

impl<const N: usize> Default for NameCompressor<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> NameCompressor<N> {
    /// An empty table.
    #[must_use]
    pub const fn new() -> Self {
        NameCompressor {
            hashes: [0; N],
            offsets: [0; N],
            next: [0; N],
            heads: [0; BUCKETS],
            len: 0,
            recent: [(0, u32::MAX, 0); RECENT],
            flat: Flat::new(),
        }
    }

    /// Forgets every recorded suffix (to start a new message in the same buffer).
    pub fn clear(&mut self) {
        self.len = 0;
        self.heads = [0; BUCKETS];
        self.recent = [(0, u32::MAX, 0); RECENT];
    }

    /// The number of suffixes recorded.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Forgets the suffixes recorded after the table held `len` of them (to take back a
    /// name whose surroundings could not be written).
    pub fn rollback(&mut self, len: usize) {
        // The entries go in reverse order: each is the head of its bucket when it goes.
        while self.len > len {
            self.len -= 1;
            let bucket = self
                .hashes
                .get(self.len)
                .map_or(0, |&h| h as usize % BUCKETS);
            if let (Some(head), Some(&before)) =
                (self.heads.get_mut(bucket), self.next.get(self.len))
            {
                *head = before;
            }
            self.recent = [(0, u32::MAX, 0); RECENT];
        }
    }

    /// Whether nothing is recorded.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Writes a dotted text name (see [`encode_dotted`]), compressed.
    pub fn write_dotted(&mut self, w: &mut Writer<'_>, base: usize, text: &str) -> Result<usize> {
        let n = encode_dotted(text, &mut self.flat.buf)?;
        self.flat.len = n;
        self.flat.index();
        self.write_flat(w, base, true, Targets::EverySuffix)
    }

    /// Writes a [`Name`] (decompressed from its own message), compressed.
    pub fn write_name(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        name: &Name<'_>,
    ) -> Result<usize> {
        self.write_name_with(w, base, name, true)
    }

    /// Writes a [`Name`]; with `compress` false it is written in full and not recorded (for
    /// RDATA names that must not be compressed, RFC 3597 §4).
    pub fn write_name_with(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        name: &Name<'_>,
        compress: bool,
    ) -> Result<usize> {
        if !compress || N == 0 {
            name.emit_uncompressed(w)?;
            return Ok(name.len());
        }
        // A name read from the same message as one written before (a parsed message being
        // written again): its first label's offset there finds where it went.
        let (src, key) = name.source_key();
        if name.message.get(key as usize) == Some(&0) {
            // The root: one byte, never a pointer.
            w.put_u8(0)?;
            return Ok(1);
        }
        let slot = key as usize % RECENT;
        if let Some(&(s, k, off)) = self.recent.get(slot)
            && s == src
            && k == key
            && name_matches(
                w.written().get(base..).unwrap_or(&[]),
                usize::from(off),
                name.message,
                key as usize,
            )
        {
            w.put_u16(0xc000 | off)?;
            return Ok(2);
        }
        // From the first label: the first run of labels is the one in place at `key`.
        let first_run = self.flat.fill_from_name(&Name {
            message: name.message,
            start: key as usize,
        });
        let pos = w.position();
        let (n, in_place) = self.write_flat_labels(w, base, true, Targets::EverySuffix)?;
        // Where the whole name now is: in place, or behind the pointer just written.
        let at = if n == 2 && self.flat.len > 2 {
            w.written().get(pos..pos + 2).and_then(|p| match p {
                &[hi, lo] => Some(usize::from(u16::from_be_bytes([hi, lo]) & 0x3fff)),
                _ => None,
            })
        } else {
            pos.checked_sub(base)
        };
        if let (Some(at), Some(slot)) = (
            at.filter(|&a| a <= MAX_POINTER_OFFSET),
            self.recent.get_mut(slot),
        ) {
            *slot = (src, key, at as u16);
        }
        // The shorter names in place at `key` that went in place here too (an owner
        // pointing into an RDATA name finds them), each only into a free slot: whole names
        // keep theirs.
        for i in 1..first_run.min(in_place) {
            let s = self.flat.starts.get(i).copied().unwrap_or(0);
            let Some(k) = key.checked_add(u32::from(s)) else {
                break;
            };
            if let (Some(at), Some(slot)) = (
                (pos + usize::from(s))
                    .checked_sub(base)
                    .filter(|&a| a <= MAX_POINTER_OFFSET),
                self.recent.get_mut(k as usize % RECENT),
            ) && slot.1 == u32::MAX
            {
                *slot = (src, k, at as u16);
            }
        }
        Ok(n)
    }

    /// Writes an uncompressed wire name (validated here: labels of 1 to 63 octets, root
    /// last, 255 octets at most), compressed when `compress` is true (then its new suffixes
    /// are recorded), in full otherwise. Returns the bytes written. Nothing is written or
    /// recorded when the name does not fit in the writer.
    pub fn write_wire(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        wire: &[u8],
        compress: bool,
    ) -> Result<usize> {
        let targets = if compress {
            Targets::EverySuffix
        } else {
            Targets::Nothing
        };
        self.write_wire_targets(w, base, wire, compress, targets)
    }

    /// Writes a [`Name`] compressed, recording as later targets only what `targets` says.
    pub fn write_name_targets(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        name: &Name<'_>,
        targets: Targets,
    ) -> Result<usize> {
        let mut wire = [0u8; MAX_NAME_LEN];
        let n = name.to_wire(&mut wire)?;
        self.write_wire_targets(w, base, wire.get(..n).unwrap_or(&[]), true, targets)
    }

    /// [`write_wire`](Self::write_wire) with a choice of what the name leaves behind as
    /// compression targets (with `compress` false the name is written in full whatever
    /// `targets` says, and `targets` still decides what later names may point at).
    pub fn write_wire_targets(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        wire: &[u8],
        compress: bool,
        targets: Targets,
    ) -> Result<usize> {
        self.flat.load_wire(wire)?;
        self.write_flat(w, base, compress, targets)
    }

    /// Writes the name laid out in `self.flat`.
    fn write_flat(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        compress: bool,
        targets: Targets,
    ) -> Result<usize> {
        self.write_flat_labels(w, base, compress, targets)
            .map(|(n, _)| n)
    }

    /// [`write_flat`](Self::write_flat), also giving the number of labels written in
    /// place.
    #[inline(always)]
    fn write_flat_labels(
        &mut self,
        w: &mut Writer<'_>,
        base: usize,
        compress: bool,
        targets: Targets,
    ) -> Result<(usize, usize)> {
        let flat = &mut self.flat;
        let count = flat.count;
        if N == 0 || count > MAX_COMPRESSED_LABELS || (!compress && targets == Targets::Nothing) {
            let wire = flat.buf.get(..flat.len).unwrap_or(&[]);
            w.put_slice(wire)?;
            return Ok((wire.len(), count));
        }
        // The hash of each suffix, right to left (the 8 bytes after the root zeroed first:
        // the last label's hash reads them).
        if let Some(pad) = flat.buf.get_mut(flat.len..flat.len + 8) {
            pad.fill(0);
        }
        let mut h = 0x811c_9dc5u32;
        for i in (0..count).rev() {
            h = Flat::label_hash(&flat.buf, flat.starts.get(i).copied().unwrap_or(0), h);
            if let Some(slot) = flat.hashes.get_mut(i) {
                *slot = h;
            }
        }
        let wire = flat.buf.get(..flat.len).unwrap_or(&[]);
        let hashes = &flat.hashes;
        let pos = w.position();
        let written = w.written().get(base..).unwrap_or(&[]);
        // The longest suffix found; of equal suffixes recorded twice (a name written in
        // full on purpose), the first recorded.
        let mut found: Option<(usize, u16)> = None;
        for (i, &h) in hashes
            .iter()
            .take(count * usize::from(compress))
            .enumerate()
        {
            let s = usize::from(flat.starts.get(i).copied().unwrap_or(0));
            let suffix = wire.get(s..).unwrap_or(&[]);
            let mut entry = self.heads.get(h as usize % BUCKETS).copied().unwrap_or(0);
            while let Some(j) = usize::from(entry).checked_sub(1) {
                if self.hashes.get(j) == Some(&h) {
                    let off = self.offsets.get(j).copied().unwrap_or(0);
                    if suffix_matches(written, usize::from(off), suffix) {
                        found = Some((i, off));
                    }
                }
                entry = self.next.get(j).copied().unwrap_or(0);
            }
            if found.is_some() {
                break;
            }
        }
        let (written_labels, total) = match found {
            Some((i, off)) => {
                let prefix_len = usize::from(flat.starts.get(i).copied().unwrap_or(0));
                let out = w.reserve(prefix_len + 2)?;
                let [hi, lo] = (0xc000 | off).to_be_bytes();
                if let Some((dst, ptr)) = out.split_at_mut_checked(prefix_len) {
                    dst.copy_from_slice(wire.get(..prefix_len).unwrap_or(&[]));
                    ptr.copy_from_slice(&[hi, lo]);
                }
                (i, prefix_len + 2)
            }
            None => {
                w.put_slice(wire)?;
                (count, wire.len())
            }
        };
        let recorded = match targets {
            Targets::EverySuffix => written_labels,
            Targets::WholeName => written_labels.min(1),
            Targets::Nothing => 0,
        };
        let mut len = self.len;
        for i in 0..recorded {
            if len >= N || len >= usize::from(u16::MAX) {
                break;
            }
            let s = usize::from(flat.starts.get(i).copied().unwrap_or(0));
            let Some(off) = (pos + s)
                .checked_sub(base)
                .filter(|&o| o <= MAX_POINTER_OFFSET)
            else {
                break;
            };
            let h = hashes.get(i).copied().unwrap_or(0);
            if let (Some(hs), Some(os), Some(next), Some(head)) = (
                self.hashes.get_mut(len),
                self.offsets.get_mut(len),
                self.next.get_mut(len),
                self.heads.get_mut(h as usize % BUCKETS),
            ) {
                *hs = h;
                *os = off as u16;
                *next = *head;
                len += 1;
                *head = len as u16;
            }
        }
        self.len = len;
        Ok((total, written_labels))
    }
}

/// A name laid out uncompressed in a buffer with room to read 8 bytes past any label,
/// where each label starts, and the hash of each suffix. Reused from name to name: only
/// `buf[..len]`, `starts[..count]` and `hashes[..count]` mean anything.
#[derive(Clone)]
struct Flat {
    buf: [u8; MAX_NAME_LEN + 9],
    len: usize,
    starts: [u8; 128],
    count: usize,
    hashes: [u32; MAX_COMPRESSED_LABELS],
}

impl Flat {
    const fn new() -> Self {
        Flat {
            buf: [0; MAX_NAME_LEN + 9],
            len: 0,
            starts: [0; 128],
            count: 0,
            hashes: [0; MAX_COMPRESSED_LABELS],
        }
    }

    /// Finds the label starts of a checked wire name in `buf[..len]`.
    fn index(&mut self) {
        let mut at = 0usize;
        self.count = 0;
        while let Some(&l) = self.buf.get(at).filter(|_| at < self.len) {
            if l == 0 {
                break;
            }
            if let Some(s) = self.starts.get_mut(self.count) {
                *s = at as u8;
            }
            self.count += 1;
            at += 1 + usize::from(l);
        }
    }

    /// Checks and copies an uncompressed wire name.
    fn load_wire(&mut self, wire: &[u8]) -> Result<()> {
        let mut at = 0usize;
        loop {
            let Some(&l) = wire.get(at) else {
                return Err(Error::truncated(P, at, 1, 0));
            };
            if l == 0 {
                break;
            }
            if usize::from(l) > MAX_LABEL_LEN {
                return Err(Error::bad_value(P, at, Field::Label, u32::from(l)));
            }
            at += 1 + usize::from(l);
            if at >= MAX_NAME_LEN {
                return Err(name_too_long(at));
            }
        }
        if let (Some(dst), Some(src)) = (self.buf.get_mut(..=at), wire.get(..=at)) {
            dst.copy_from_slice(src);
        }
        self.len = at + 1;
        self.index();
        Ok(())
    }

    /// Decompresses a checked name into this buffer: each run of labels between pointers
    /// is copied at once.
    fn fill_from_name(&mut self, name: &Name<'_>) -> usize {
        let message = name.message;
        let mut pos = name.start;
        let mut at = 0usize;
        let mut hops = 0u8;
        let mut count = 0usize;
        let mut first_run = usize::MAX;
        loop {
            // The run of labels from `pos` up to a pointer or the root.
            let run = pos;
            let mut end = pos;
            let before = count;
            while let Some(&l) = message.get(end) {
                if l.wrapping_sub(1) >= 0x3f {
                    break;
                }
                if let Some(s) = self.starts.get_mut(count) {
                    *s = (at + end - run) as u8;
                }
                count += 1;
                end += 1 + usize::from(l);
            }
            if at + (end - run) >= MAX_NAME_LEN {
                // Only a name never checked (a record's RDATA typed without its check)
                // gets here: the labels that fit are kept.
                let (cut, labels) = Self::cut_run(message, run, at);
                (end, count) = (cut, before + labels);
                hops = MAX_HOPS + 1;
            }
            let n = end - run;
            if let (Some(dst), Some(src)) = (self.buf.get_mut(at..at + n), message.get(run..end)) {
                copy_short(dst, src);
            }
            at += n;
            first_run = first_run.min(count);
            match message.get(end) {
                Some(&b) if b & 0xc0 == 0xc0 && hops <= MAX_HOPS => {
                    let low = message.get(end + 1).copied().unwrap_or(0);
                    pos = (usize::from(b & 0x3f) << 8) | usize::from(low);
                    hops += 1;
                }
                _ => break,
            }
        }
        if let Some(root) = self.buf.get_mut(at) {
            *root = 0;
        }
        self.count = count;
        self.len = at + 1;
        first_run
    }

    /// The end of the labels of the run at `run` that fit after `at` octets, and how many
    /// they are.
    #[cold]
    fn cut_run(message: &[u8], run: usize, at: usize) -> (usize, usize) {
        let mut end = run;
        let mut labels = 0;
        while let Some(&l) = message.get(end) {
            let next = end + 1 + usize::from(l);
            if l.wrapping_sub(1) >= 0x3f || at + (next - run) >= MAX_NAME_LEN {
                break;
            }
            end = next;
            labels += 1;
        }
        (end, labels)
    }

    /// Mixes the label at `start` of `buf` into `h`: its first 8 bytes (the length octet
    /// and what follows: bytes of the labels after it, all part of the suffix, and past
    /// the root the 8 zero bytes [`write_flat`](NameCompressor::write_flat) puts there)
    /// and, for a label longer than 7, its last 8.
    #[inline(always)]
    fn label_hash(buf: &[u8; MAX_NAME_LEN + 9], start: u8, h: u32) -> u32 {
        let s = usize::from(start);
        let word = |at: usize| {
            buf.get(at..at + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map_or(0, u64::from_le_bytes)
        };
        let head = word(s);
        let l = (head & 0xff) as usize;
        let tail = if l > 7 { word(s + l - 7) } else { 0 };
        let x = head ^ tail.rotate_left(23);
        let x = (x ^ (x >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h.rotate_left(5) ^ (x >> 32) as u32).wrapping_mul(0x0100_0193)
    }
}

/// Copies a short run of labels (at most 255 bytes) a word at a time in line (a `memcpy`
/// call costs more than the copy itself here). `dst` and `src` have the same length.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n != dst.len() {
        return;
    }
    if n >= 8 {
        let mut copy8 = |at: usize| {
            if let (Some(d), Some(s)) = (dst.get_mut(at..at + 8), src.get(at..at + 8)) {
                d.copy_from_slice(s);
            }
        };
        let mut at = 0;
        while at + 8 < n {
            copy8(at);
            at += 8;
        }
        // The last word, overlapping the one before when `n` is not a multiple of 8.
        copy8(n - 8);
    } else if n >= 4 {
        let mut copy4 = |at: usize| {
            if let (Some(d), Some(s)) = (dst.get_mut(at..at + 4), src.get(at..at + 4)) {
                d.copy_from_slice(s);
            }
        };
        copy4(0);
        copy4(n - 4);
    } else {
        for (d, s) in dst.iter_mut().zip(src) {
            *d = *s;
        }
    }
}

/// Whether two short byte strings (a run of labels: at most 255 bytes) are equal, compared
/// a word at a time in line (a `memcmp` call costs more than the compare itself here).
#[inline(always)]
fn bytes_eq(x: &[u8], y: &[u8]) -> bool {
    let n = x.len();
    if n != y.len() {
        return false;
    }
    if n >= 8 {
        let word = |s: &[u8], at: usize| {
            s.get(at..at + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map_or(0, u64::from_ne_bytes)
        };
        let mut at = 0;
        while at + 8 < n {
            if word(x, at) != word(y, at) {
                return false;
            }
            at += 8;
        }
        // The last word, overlapping the one before when `n` is not a multiple of 8.
        return word(x, n - 8) == word(y, n - 8);
    }
    if n >= 4 {
        let word = |s: &[u8], at: usize| {
            s.get(at..at + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, u32::from_ne_bytes)
        };
        return word(x, 0) == word(y, 0) && word(x, n - 4) == word(y, n - 4);
    }
    x.iter().zip(y).all(|(a, b)| a == b)
}

/// Whether the name written at `off` in `written` is exactly the name at `start` in
/// `theirs` (byte for byte).
fn name_matches(written: &[u8], off: usize, theirs: &[u8], start: usize) -> bool {
    // Both names walked together a run of labels at a time (the labels both have in place
    // between pointers), each run's bytes compared at once.
    // `written` may hold anything at `off`: its pointers must point backward, and both
    // walks are bounded (`MAX_NAME_LEN` octets, `MAX_HOPS` pointers each), so a match
    // also means the output's name ends well, where the name does.
    let (mut i, mut j) = (off, start);
    let (mut hops_written, mut hops_theirs) = (0u8, 0u8);
    let mut octets = 0usize;
    loop {
        while let (Some(&b), Some(&low)) = (written.get(i), written.get(i + 1)) {
            if b & 0xc0 != 0xc0 {
                break;
            }
            let target = (usize::from(b & 0x3f) << 8) | usize::from(low);
            if target >= i || hops_written >= MAX_HOPS {
                return false;
            }
            hops_written += 1;
            i = target;
        }
        while let (Some(&b), Some(&low)) = (theirs.get(j), theirs.get(j + 1)) {
            if b & 0xc0 != 0xc0 {
                break;
            }
            if hops_theirs >= MAX_HOPS {
                return false;
            }
            hops_theirs += 1;
            j = (usize::from(b & 0x3f) << 8) | usize::from(low);
        }
        if let (Some(0), Some(0)) = (written.get(i), theirs.get(j)) {
            return true;
        }
        // The labels both sides have in place from here: their length octets compared as
        // they are walked (one walk for both), their bytes compared at once after.
        let mut d = 0usize;
        while let (Some(&a), Some(&b)) = (written.get(i + d), theirs.get(j + d)) {
            // `theirs` is a checked name: its labels end within 255 octets.
            if a != b || a.wrapping_sub(1) >= 0x3f {
                break;
            }
            d += 1 + usize::from(a);
        }
        octets += d;
        if d == 0 || octets >= MAX_NAME_LEN {
            return false;
        }
        match (written.get(i..i + d), theirs.get(j..j + d)) {
            (Some(x), Some(y)) if bytes_eq(x, y) => {}
            _ => return false,
        }
        i += d;
        j += d;
    }
}

/// Names with more labels than this are written in full and not recorded (only crafted
/// names have them: an ip6.arpa name has 34).
const MAX_COMPRESSED_LABELS: usize = 64;

/// Whether the name written at `off` in `written` (pointers relative to `written`'s start)
/// is exactly the uncompressed `suffix`.
fn suffix_matches(written: &[u8], mut off: usize, suffix: &[u8]) -> bool {
    let mut at = 0usize;
    let mut hops = 0u8;
    loop {
        // The run of in-place labels from `off`, compared in one go.
        let run = off;
        let mut end = off;
        let mut root = false;
        while let Some(&l) = written.get(end) {
            if l & 0xc0 != 0 {
                break;
            }
            end += 1 + usize::from(l);
            if l == 0 {
                root = true;
                break;
            }
        }
        let n = end - run;
        match (written.get(run..end), suffix.get(at..at + n)) {
            (Some(x), Some(y)) if bytes_eq(x, y) => {}
            _ => return false,
        }
        at += n;
        if root || at == suffix.len() {
            // Equal only if both ended together.
            return root && at == suffix.len();
        }
        let (Some(&b), Some(&low)) = (written.get(end), written.get(end + 1)) else {
            return false;
        };
        if b & 0xc0 != 0xc0 {
            return false;
        }
        hops += 1;
        let target = (usize::from(b & 0x3f) << 8) | usize::from(low);
        if hops > MAX_HOPS || target >= end {
            return false;
        }
        off = target;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;
    use std::vec::Vec;

    /// `vectors/dns_response.bin` (see `../shared/vectors/README.md`).
    static RESPONSE: &[u8] = include_bytes!("../../../../shared/vectors/dns_response.bin");

    #[test]
    fn parses_compressed_names_of_the_vector() {
        // Question name at 12, uncompressed.
        let (q, end) = Name::parse(RESPONSE, 12).unwrap();
        assert_eq!(q.to_string(), "www.example.com");
        assert_eq!(end, 29);
        assert_eq!(q.len(), 17);
        // First answer owner: pointer to 12.
        let (owner, end) = Name::parse(RESPONSE, 33).unwrap();
        assert_eq!(end, 35);
        assert_eq!(owner, q);
        assert_eq!(owner.offset(), 33);
        // Second CNAME target: "a1234.dscb.akamaiedge" then a pointer to "net" at 0x47.
        let at = RESPONSE.windows(6).position(|w| w == b"\x05a1234").unwrap();
        let (target, end) = Name::parse(RESPONSE, at).unwrap();
        assert_eq!(target.to_string(), "a1234.dscb.akamaiedge.net");
        assert_eq!(&RESPONSE[end - 2..end], &[0xc0, 0x47]);
        assert_eq!(target.label_count(), 4);
        assert_eq!(target.len(), 27);
        let upper = NameBuf::from_dotted("A1234.DSCB.AkamaiEdge.NET.").unwrap();
        assert_eq!(target, upper);
        assert_ne!(target, q);
    }

    #[test]
    fn rejects_bad_pointers_with_offsets() {
        // Self-pointer at 12 ("C00C", RUSTSEC-2018-0007).
        let mut m = [0u8; 14];
        m[12] = 0xc0;
        m[13] = 12;
        let e = Name::parse(&m, 12).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ForwardPointer { target: 12 });
        assert_eq!(e.offset(), 12);
        // A segment running into the one its pointer left: the name at 4 is a pointer to 0,
        // whose 5-byte label covers the pointer itself; the root after it is at 6 >= 4.
        let m = b"\x05abc\xc0\x00\x00";
        let e = Name::parse(m, 4).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                6,
                ErrorKind::TooLong {
                    field: Field::NameSegment,
                    limit: 4
                }
            )
        );
        // Forward pointers allowed: no overlap rule, the hop budget bounds the walk.
        assert!(Name::parse_with(m, 4, NameRules::MDNS).is_ok());
        // Label then a pointer back to the name's own start: a loop.
        let m = b"\x01a\xc0\x00";
        let e = Name::parse(m, 0).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ForwardPointer { target: 0 });
        assert_eq!(e.offset(), 2);
        // Forward pointer: rejected by default, followed on request.
        let m = b"\xc0\x02\x01b\x00";
        assert_eq!(
            Name::parse(m, 0).unwrap_err().kind(),
            ErrorKind::ForwardPointer { target: 2 }
        );
        let (n, end) = Name::parse_with(m, 0, NameRules::MDNS).unwrap();
        assert_eq!((n.to_string().as_str(), end), ("b", 2));
        // Forward loop: stopped by the hop budget.
        let m = b"\xc0\x02\xc0\x00";
        let e = Name::parse_with(m, 0, NameRules::MDNS).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PointerLoop { hops: 126 });
        // Pointer out of bounds in forward mode.
        let e = Name::parse_with(b"\xff\xff", 0, NameRules::MDNS).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Truncated { .. }));
        // Pointers forbidden.
        let e = Name::parse_with(b"\x00\xc0\x00", 1, NameRules::UNCOMPRESSED).unwrap_err();
        assert_eq!(e.offset(), 1);
        // Label types 0x40 and 0x80.
        for t in [0x41u8, 0x80] {
            let m = [t, 0];
            let e = Name::parse(&m, 0).unwrap_err();
            assert_eq!(
                e.kind(),
                ErrorKind::BadValue {
                    field: Field::Label,
                    value: u32::from(t)
                }
            );
        }
        // Truncated label and missing root.
        let e = Name::parse(b"\x05ab", 0).unwrap_err();
        assert_eq!(e.offset(), 1);
        let e = Name::parse(b"\x01a", 0).unwrap_err();
        assert_eq!(e.offset(), 2);
        // A name in RDATA crossing the record's end.
        let m = b"\x01a\x01b\x00";
        let e = Name::parse_bounded(m, 0, 3, NameRules::STRICT).unwrap_err();
        assert_eq!(e.offset(), 3, "the first byte past the end");
        assert!(Name::parse_bounded(m, 0, 5, NameRules::STRICT).is_ok());
    }

    /// A chain of `hops` backward pointers ending in `a.`, and the offset of its top.
    fn chain(hops: usize) -> (Vec<u8>, usize) {
        let mut m = std::vec![1, b'a', 0];
        let mut prev = 0;
        for _ in 0..hops {
            let here = m.len();
            m.extend_from_slice(&[0xc0 | (prev >> 8) as u8, prev as u8]);
            prev = here;
        }
        (m, prev)
    }

    #[test]
    fn hop_cap_is_126() {
        let (m, top) = chain(126);
        let (n, end) = Name::parse(&m, top).unwrap();
        assert_eq!(n.to_string(), "a");
        assert_eq!(end, m.len());
        let (m, top) = chain(127);
        let e = Name::parse(&m, top).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::PointerLoop { hops: 126 });
        assert_eq!(
            e.offset(),
            3,
            "the 127th pointer followed, at the chain's bottom"
        );
        let rules = NameRules {
            max_hops: 2,
            ..NameRules::STRICT
        };
        let (m, top) = chain(3);
        assert_eq!(
            Name::parse_with(&m, top, rules).unwrap_err().kind(),
            ErrorKind::PointerLoop { hops: 2 }
        );
    }

    #[test]
    fn length_limits_count_after_decompression() {
        // 255 octets: 3 labels of 63 + one of 61 + root = 64*3 + 62 + 1 = 255.
        let mut m = Vec::new();
        for l in [63usize, 63, 63, 61] {
            m.push(l as u8);
            m.extend(std::iter::repeat_n(b'x', l));
        }
        m.push(0);
        assert_eq!(m.len(), 255);
        let (n, _) = Name::parse(&m, 0).unwrap();
        assert_eq!(n.len(), 255);
        // 256 via a pointer: "\x01y" + pointer to the 255-octet name.
        let mut m2 = m.clone();
        m2.extend_from_slice(b"\x01y\xc0\x00");
        let e = Name::parse(&m2, 255).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::Name,
                limit: 255
            }
        );
        // 257 flat.
        let mut m3 = std::vec![1u8, b'z'];
        m3.extend_from_slice(&m);
        assert!(Name::parse(&m3, 0).is_err());
        // Binary labels are legal (RFC 2181 §11).
        let (n, _) = Name::parse(b"\x02\xff\x00\x03a.b\x00", 0).unwrap();
        assert_eq!(n.to_string(), "\\255\\000.a\\.b");
        let buf = NameBuf::from_dotted("\\255\\000.a\\.b").unwrap();
        assert_eq!(buf.as_wire(), b"\x02\xff\x00\x03a.b\x00");
    }

    #[test]
    fn root_and_text_forms() {
        let (root, end) = Name::parse(b"\x00", 0).unwrap();
        assert!(root.is_root());
        assert_eq!((root.to_string().as_str(), end, root.len()), (".", 1, 1));
        assert_eq!(root, Name::ROOT);
        assert_eq!(NameBuf::from_dotted("").unwrap().as_wire(), b"\x00");
        assert_eq!(NameBuf::from_dotted(".").unwrap().as_wire(), b"\x00");
        assert_eq!(
            NameBuf::from_dotted("a.bc.").unwrap().as_wire(),
            b"\x01a\x02bc\x00"
        );
        assert_eq!(NameBuf::from_dotted("a b").unwrap().to_string(), "a\\032b");
        let e = NameBuf::from_dotted("a..b").unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::Label,
                value: 0
            }
        );
        let long = "x".repeat(64);
        let e = NameBuf::from_dotted(&long).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::Label,
                limit: 63
            }
        );
        let long = ["y".repeat(63).as_str(); 4].join(".");
        assert!(NameBuf::from_dotted(&long).is_err()); // 257 octets
        let ok = [
            "y".repeat(63).as_str(),
            &"y".repeat(63),
            &"y".repeat(63),
            &"y".repeat(61),
        ]
        .join(".");
        assert_eq!(NameBuf::from_dotted(&ok).unwrap().as_name().len(), 255);
        assert!(NameBuf::from_dotted("a\\256").is_err());
        let mut small = [0u8; 3];
        assert!(encode_dotted("abc", &mut small).is_err());
        let mut out = [0u8; 8];
        let mut w = Writer::new(P, &mut out);
        assert_eq!(write_uncompressed(&mut w, [&b"ab"[..], b"c"]).unwrap(), 6);
        assert_eq!(w.written(), b"\x02ab\x01c\x00");
        let buf = NameBuf::from_labels([&b"Ab"[..], b"c"]).unwrap();
        assert_eq!(buf, NameBuf::from_dotted("aB.C").unwrap());
        assert!(NameBuf::from_labels([&b""[..]]).is_err());
        let www = NameBuf::from_dotted("www.example.com").unwrap();
        let com = NameBuf::from_dotted("COM").unwrap();
        assert!(www.as_name().ends_with(&com.as_name()));
        assert!(!com.as_name().ends_with(&www.as_name()));
        assert!(www.as_name().ends_with(&Name::ROOT));
    }

    #[test]
    fn compressor_rebuilds_the_vector_names() {
        // Writes the question name then the names of the first two answers at their
        // offsets in the vector and compares the bytes.
        let mut out = [0u8; 400];
        out[..12].copy_from_slice(&RESPONSE[..12]);
        let mut w = Writer::new(P, &mut out);
        w.reserve(12).unwrap();
        let mut c = NameCompressor::<32>::new();
        c.write_dotted(&mut w, 0, "www.example.com").unwrap();
        w.put_slice(&RESPONSE[29..33]).unwrap();
        c.write_dotted(&mut w, 0, "www.example.com").unwrap();
        w.put_slice(&RESPONSE[35..45]).unwrap();
        c.write_dotted(&mut w, 0, "www.example.com.edgesuite.net")
            .unwrap();
        c.write_dotted(&mut w, 0, "www.example.com.edgesuite.net")
            .unwrap();
        w.put_slice(&RESPONSE[78..88]).unwrap();
        let n = c
            .write_dotted(&mut w, 0, "a1234.dscb.akamaiedge.net")
            .unwrap();
        assert_eq!(n, 24);
        let len = w.position();
        assert_eq!(&out[..len], &RESPONSE[..len]);
        assert_eq!(c.len(), 3 + 5 + 3);
    }

    #[test]
    fn compressor_relative_to_a_base_and_uncompressed_writes() {
        // RFC 3397 §2's example: option 119 data "eng.apple.com." then "marketing.apple.com."
        let mut out = [0u8; 64];
        out[0] = 119;
        let mut w = Writer::new(Protocol::Dhcp, &mut out);
        w.reserve(2).unwrap();
        let mut c = NameCompressor::<4>::new();
        c.write_dotted(&mut w, 2, "eng.apple.com").unwrap();
        c.write_dotted(&mut w, 2, "marketing.apple.com").unwrap();
        assert_eq!(
            &w.written()[2..],
            b"\x03eng\x05apple\x03com\x00\x09marketing\xc0\x04"
        );
        // Not compressed, not recorded.
        let (name, _) = Name::parse(&out[2..], 0).unwrap();
        let mut out2 = [0u8; 64];
        let mut w = Writer::new(P, &mut out2);
        let mut c = NameCompressor::<4>::new();
        assert_eq!(c.write_name_with(&mut w, 0, &name, false).unwrap(), 15);
        assert!(c.is_empty());
        assert_eq!(c.write_name(&mut w, 0, &name).unwrap(), 15);
        assert_eq!(c.len(), 3);
        assert_eq!(c.write_name(&mut w, 0, &name).unwrap(), 2);
        assert_eq!(&w.written()[30..], b"\xc0\x0f");
        // Case is kept: a name differing in case is not pointed at.
        let n = c.write_dotted(&mut w, 0, "ENG.apple.com").unwrap();
        assert_eq!(n, 6);
        // A full table stops recording but keeps writing.
        c.write_dotted(&mut w, 0, "x.y.z").unwrap();
        assert_eq!(c.len(), 4);
        // Too small: nothing written, nothing recorded.
        let mut tiny = [0u8; 4];
        let mut w = Writer::new(P, &mut tiny);
        let mut c = NameCompressor::<4>::new();
        assert!(c.write_dotted(&mut w, 0, "abcd.e").is_err());
        assert_eq!((w.position(), c.len()), (0, 0));
    }

    #[test]
    fn the_source_memo_checks_what_it_finds() {
        // The same buffer, at the same address, holding another name the second time.
        let mut src = *b"\x01a\x07example\x00";
        let mut out = [0u8; 64];
        let mut w = Writer::new(P, &mut out);
        let mut c = NameCompressor::<8>::new();
        let (n, _) = Name::parse(&src, 0).unwrap();
        c.write_name(&mut w, 0, &n).unwrap();
        // Same content again: a pointer to the first copy.
        assert_eq!(c.write_name(&mut w, 0, &n).unwrap(), 2);
        src[1] = b'b';
        let (n, _) = Name::parse(&src, 0).unwrap();
        assert_eq!(
            c.write_name(&mut w, 0, &n).unwrap(),
            4,
            "b + pointer to example"
        );
        let len = w.position();
        let names: std::vec::Vec<std::string::String> = [0, 11, 13]
            .iter()
            .map(|&at| Name::parse(&out[..len], at).unwrap().0.to_string())
            .collect();
        assert_eq!(names, ["a.example", "a.example", "b.example"]);
    }

    #[test]
    fn labels_iterate_through_pointers() {
        let (m, top) = chain(5);
        let (n, _) = Name::parse(&m, top).unwrap();
        let labels: Vec<&[u8]> = n.labels().collect();
        assert_eq!(labels, [&b"a"[..]]);
        let mut wire = [0u8; 8];
        assert_eq!(n.to_wire(&mut wire).unwrap(), 3);
        assert_eq!(&wire[..3], b"\x01a\x00");
        assert_eq!(n.to_buf().as_wire(), b"\x01a\x00");
        assert_eq!(std::format!("{n:?}"), "Name(\"a\")");
    }
}
