//! Writing a DHCP message into a caller buffer.

use super::options::{DhcpOption, Wire};
use super::{
    BootpHeader, DhcpRepr, FILE_LEN, FILE_OFFSET, HEADER_LEN, MAGIC_COOKIE, SNAME_LEN, SNAME_OFFSET,
};
use codec_core::{Error, ErrorKind, Field, Protocol, Result};
use zerocopy::FromBytes;
use zerocopy::byteorder::network_endian::{U16, U32};

/// The smallest BOOTP message relays must accept (RFC 1542 §2.1): builders may pad to it.
pub const BOOTP_MIN_LEN: usize = 300;

/// Bytes an option with a value of `len` bytes takes once split into 255-byte instances
/// (RFC 3396 §6); an empty value still takes one instance.
#[inline]
pub(crate) const fn encoded_len(len: usize) -> usize {
    let instances = if len == 0 { 1 } else { len.div_ceil(255) };
    len + 2 * instances
}

/// Writes a DHCP message into a caller buffer: the fixed part, options (values over 255
/// bytes split into several instances, RFC 3396), END and optional padding.
///
/// ```
/// use codec_app::dhcp::{DhcpBuilder, DhcpOption, DhcpPacket, DhcpRepr, MessageType, Op, Flags, OptionList};
/// use core::net::Ipv4Addr;
/// let header = DhcpRepr {
///     op: Op::BootRequest, htype: 1, hops: 0, xid: 0x3903_f326, secs: 0,
///     flags: Flags::empty(), ciaddr: Ipv4Addr::UNSPECIFIED, yiaddr: Ipv4Addr::UNSPECIFIED,
///     siaddr: Ipv4Addr::UNSPECIFIED, giaddr: Ipv4Addr::UNSPECIFIED,
///     chaddr: &[0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42], sname: &[], file: &[],
///     options: OptionList::List(&[]), padding: 0,
/// };
/// let mut buf = [0u8; 576];
/// let mut b = DhcpBuilder::new(&mut buf, &header)?;
/// b.typed(&DhcpOption::MessageType(MessageType::Discover))?;
/// b.option(60, &[b'x'; 300])?; // split into 255 + 45
/// let len = b.finish_min_len(codec_app::dhcp::BOOTP_MIN_LEN)?;
/// let packet = DhcpPacket::parse(&buf[..len])?;
/// assert_eq!(packet.options().filter(|o| o.code == 60).count(), 2);
/// assert_eq!(packet.option(60).unwrap().len(), 300);
/// # Ok::<(), codec_core::Error>(())
/// ```
#[derive(Debug)]
pub struct DhcpBuilder<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> DhcpBuilder<'b> {
    /// Writes the fixed part of `header` (its options and padding are not written) and
    /// the magic cookie into `buf`.
    ///
    /// # Errors
    /// [`BufferTooSmall`](ErrorKind::BufferTooSmall) for a buffer under 240 bytes;
    /// [`TooLong`](ErrorKind::TooLong) for `chaddr` over 16, `sname` over 64 or `file` over
    /// 128 bytes.
    pub fn new(buf: &'b mut [u8], header: &DhcpRepr<'_>) -> Result<Self> {
        let too_long = |at: usize, field, limit| {
            Err(Error::new(
                Protocol::Dhcp,
                at,
                ErrorKind::TooLong { field, limit },
            ))
        };
        if header.chaddr.len() > 16 {
            return too_long(28, Field::Address, 16);
        }
        if header.sname.len() > SNAME_LEN {
            return too_long(SNAME_OFFSET, Field::Name, SNAME_LEN as u32);
        }
        if header.file.len() > FILE_LEN {
            return too_long(FILE_OFFSET, Field::Name, FILE_LEN as u32);
        }
        let available = buf.len();
        let Some(h) = buf.get_mut(..HEADER_LEN) else {
            return Err(Error::buffer_too_small(
                Protocol::Dhcp,
                HEADER_LEN,
                available,
            ));
        };
        // The fixed part written in place through its zerocopy struct.
        let Ok(f) = BootpHeader::mut_from_bytes(h) else {
            return Err(Error::buffer_too_small(
                Protocol::Dhcp,
                HEADER_LEN,
                available,
            ));
        };
        f.op = header.op.value();
        f.htype = header.htype;
        f.hlen = header.chaddr.len() as u8;
        f.hops = header.hops;
        f.xid = U32::new(header.xid);
        f.secs = U16::new(header.secs);
        f.flags = U16::new(header.flags.bits());
        f.ciaddr = header.ciaddr.octets();
        f.yiaddr = header.yiaddr.octets();
        f.siaddr = header.siaddr.octets();
        f.giaddr = header.giaddr.octets();
        f.chaddr = [0; 16];
        f.sname = [0; 64];
        f.file = [0; 128];
        f.cookie = MAGIC_COOKIE;
        copy_prefix(&mut f.chaddr, header.chaddr);
        copy_prefix(&mut f.sname, header.sname);
        copy_prefix(&mut f.file, header.file);
        Ok(DhcpBuilder {
            buf,
            pos: HEADER_LEN,
        })
    }

    /// Bytes written so far.
    #[inline]
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    fn room(&self, needed: usize) -> Result<()> {
        if self.buf.len().saturating_sub(self.pos) < needed {
            Err(Error::buffer_too_small(
                Protocol::Dhcp,
                self.pos.saturating_add(needed),
                self.buf.len(),
            ))
        } else {
            Ok(())
        }
    }

    /// Appends option `code` with `value`, split into 255-byte instances when longer
    /// (RFC 3396 §6).
    ///
    /// # Errors
    /// A buffer error; [`BadValue`](ErrorKind::BadValue) of [`Field::OptionType`] for code
    /// 0 (PAD) or 255 (END).
    #[inline]
    pub fn option(&mut self, code: u8, value: &[u8]) -> Result<&mut Self> {
        check_code(code, self.pos)?;
        let start = self.pos;
        if let Ok(len) = u8::try_from(value.len())
            && let Some(dst) = self.buf.get_mut(start..start + 2 + value.len())
        {
            let (head, body) = dst.split_at_mut(2);
            head.copy_from_slice(&[code, len]);
            copy_short(body, value);
            self.pos = start + 2 + value.len();
            return Ok(self);
        }
        self.room(encoded_len(value.len()))?;
        let mut at = self.pos;
        let mut chunks = value.chunks(255);
        let first = chunks.next().unwrap_or(&[]);
        for chunk in core::iter::once(first).chain(chunks) {
            put(self.buf, at, &[code, chunk.len() as u8]);
            put(self.buf, at + 2, chunk);
            at += 2 + chunk.len();
        }
        self.pos = at;
        Ok(self)
    }

    /// Appends a typed option, split into 255-byte instances when its value is longer.
    ///
    /// # Errors
    /// As [`option`](Self::option), and the typed value's own errors.
    #[inline]
    pub fn typed(&mut self, option: &DhcpOption<'_>) -> Result<&mut Self> {
        let start = self.pos;
        let (code, wire) = option.wire();
        match wire {
            // A short fixed value: code, length and value in one store of constant size.
            Wire::Word([a, b, c, d], len) => {
                let written = match len {
                    1 => write_exact(self.buf, start, [code, 1, a]),
                    2 => write_exact(self.buf, start, [code, 2, a, b]),
                    _ => write_exact(self.buf, start, [code, 4, a, b, c, d]),
                };
                if written {
                    self.pos = start + 2 + usize::from(len);
                    return Ok(self);
                }
            }
            // (Codes 0 and 255 take the general path, which reports them as it always has.)
            Wire::Bytes(data) if code != 0 && code != 255 => return self.option(code, data),
            Wire::Prefixed(first, rest) if code != 0 && code != 255 => {
                if let Ok(len) = u8::try_from(rest.len() + 1)
                    && let Some(dst) = self.buf.get_mut(start..start + 3 + rest.len())
                {
                    let (head, body) = dst.split_at_mut(3);
                    head.copy_from_slice(&[code, len, first]);
                    copy_short(body, rest);
                    self.pos = start + 3 + rest.len();
                    return Ok(self);
                }
            }
            Wire::Bytes(_) | Wire::Prefixed(..) | Wire::Other => {}
        }
        self.typed_general(option)
    }

    /// [`typed`](Self::typed) through the value's own writer.
    #[inline(never)]
    fn typed_general(&mut self, option: &DhcpOption<'_>) -> Result<&mut Self> {
        // The value is written after one header; a value over 255 bytes is then split in
        // place (`split_in_place`), so no second buffer is needed.
        let start = self.pos;
        let total = self.buf.len();
        let written = match self.buf.get_mut(start + 2..) {
            Some(dst) => option.write_coded(dst),
            None => Err(Error::buffer_too_small(Protocol::Dhcp, 0, 0)),
        };
        let Ok((code, len)) = written else {
            return Err(Error::buffer_too_small(
                Protocol::Dhcp,
                start + encoded_len(option.value_len()),
                total,
            ));
        };
        check_code(code, start)?;
        if len <= 255 {
            put(self.buf, start, &[code, len as u8]);
            self.pos = start + 2 + len;
        } else {
            self.room(encoded_len(len))?;
            split_in_place(self.buf, start, len, code);
            self.pos = start + encoded_len(len);
        }
        Ok(self)
    }

    /// Writes END; returns the message length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn finish(self) -> Result<usize> {
        match self.buf.get_mut(self.pos) {
            Some(end) => {
                *end = 255;
                Ok(self.pos + 1)
            }
            None => self.finish_padding(0),
        }
    }

    /// Writes END and `padding` zero bytes; returns the message length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn finish_padding(self, padding: usize) -> Result<usize> {
        self.room(1usize.saturating_add(padding))?;
        let end = self.pos + 1 + padding;
        if let Some(tail) = self.buf.get_mut(self.pos..end) {
            tail.fill(0);
            if let Some(b) = tail.first_mut() {
                *b = 255;
            }
        }
        Ok(end)
    }

    /// Writes END and pads with zeros up to `min_len` bytes (e.g. [`BOOTP_MIN_LEN`]);
    /// returns the message length.
    ///
    /// # Errors
    /// A buffer error.
    pub fn finish_min_len(self, min_len: usize) -> Result<usize> {
        let padding = min_len.saturating_sub(self.pos + 1);
        self.finish_padding(padding)
    }
}

/// Turns the `len` value bytes at `buf[start + 2..]` into instances of option `code` of at
/// most 255 bytes each, at `buf[start..start + encoded_len(len)]`: opens a gap for each
/// further header, moving the chunks from the last one backwards (linear, in place). The
/// caller has checked that the buffer holds `encoded_len(len)` bytes from `start`.
pub(crate) fn split_in_place(buf: &mut [u8], start: usize, len: usize, code: u8) {
    let value_at = start + 2;
    let instances = if len == 0 { 1 } else { len.div_ceil(255) };
    for i in (0..instances).rev() {
        let from = value_at + 255 * i;
        let chunk = (len - 255 * i).min(255);
        let to = start + 2 * (i + 1) + 255 * i;
        if to != from && to + chunk <= buf.len() {
            buf.copy_within(from..from + chunk, to);
        }
        put(buf, to - 2, &[code, chunk as u8]);
    }
}

pub(crate) fn check_code(code: u8, at: usize) -> Result<()> {
    if code == 0 || code == 255 {
        Err(Error::bad_value(
            Protocol::Dhcp,
            at,
            Field::OptionType,
            u32::from(code),
        ))
    } else {
        Ok(())
    }
}

/// Copies `src` to the front of `dst` (checked by the caller to fit); nothing for an empty
/// `src`.
#[inline(always)]
fn copy_prefix(dst: &mut [u8], src: &[u8]) {
    if !src.is_empty()
        && let Some(d) = dst.get_mut(..src.len())
    {
        copy_short(d, src);
    }
}

/// Copies `src` into `dst` (of the same length). Values of options are short: up to 32
/// bytes they are copied as two overlapping fixed-size chunks, as `memcpy` does inside,
/// without its call.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if n != dst.len() {
        return;
    }
    match n {
        0 => {}
        1..4 => {
            for (d, s) in dst.iter_mut().zip(src) {
                *d = *s;
            }
        }
        4..8 => copy_ends::<4>(dst, src),
        8..16 => copy_ends::<8>(dst, src),
        16..=32 => copy_ends::<16>(dst, src),
        _ => dst.copy_from_slice(src),
    }
}

/// Copies the first and the last `N` bytes of `src` (`N` ≤ its length ≤ `2 N`) into `dst`.
#[inline(always)]
fn copy_ends<const N: usize>(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    if let (Some(d), Some(s)) = (dst.get_mut(..N), src.get(..N)) {
        d.copy_from_slice(s);
    }
    let tail = n.saturating_sub(N);
    if let (Some(d), Some(s)) = (dst.get_mut(tail..), src.get(tail..))
        && let (Ok(d), Ok(s)) = (<&mut [u8; N]>::try_from(d), <&[u8; N]>::try_from(s))
    {
        *d = *s;
    }
}

/// Writes `bytes` at `buf[at..]` if they fit (constant size: plain stores).
#[inline(always)]
fn write_exact<const N: usize>(buf: &mut [u8], at: usize, bytes: [u8; N]) -> bool {
    match buf.get_mut(at..at + N) {
        Some(dst) => {
            dst.copy_from_slice(&bytes);
            true
        }
        None => false,
    }
}

/// Copies `bytes` to `buf[at..]`, which the caller has checked.
#[inline]
fn put(buf: &mut [u8], at: usize, bytes: &[u8]) {
    if let Some(dst) = buf.get_mut(at..at + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
}
