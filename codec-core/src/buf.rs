//! Bounds-checked reading from `&[u8]` and writing into `&mut [u8]`.
//!
//! Every read and write checks the remaining length and fails with a typed [`Error`] that
//! names the protocol and the offset, never with a panic. Integers are big-endian (network
//! order) unless the method name says `_le`.
//!
//! ```
//! use codec_core::{Protocol, Reader, Writer};
//! let mut out = [0u8; 6];
//! let mut w = Writer::new(Protocol::Arp, &mut out);
//! w.put_u16(0x0800)?;
//! w.put_slice(&[10, 0, 0, 1])?;
//! assert_eq!(w.position(), 6);
//! assert!(w.put_u8(0).is_err()); // full
//!
//! let mut r = Reader::new(Protocol::Arp, &out);
//! assert_eq!(r.read_u16()?, 0x0800);
//! assert_eq!(r.take(4)?, &[10, 0, 0, 1]);
//! assert_eq!(r.read_u8().unwrap_err().offset(), 6);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::error::{Error, Protocol, Result};
use zerocopy::{FromBytes, Immutable, KnownLayout, Ref, SplitByteSlice};

/// Splits a fixed-size zerocopy header `H` off the front of `bytes`.
///
/// This is how every view in the family starts: it returns the typed header and the bytes
/// after it, or [`ErrorKind::Truncated`](crate::ErrorKind::Truncated) at offset 0 naming
/// `protocol`.
#[inline]
pub fn split_header<B, H>(protocol: Protocol, bytes: B) -> Result<(Ref<B, H>, B)>
where
    B: SplitByteSlice,
    H: FromBytes + KnownLayout + Immutable + zerocopy::Unaligned,
{
    let available = bytes.len();
    Ref::from_prefix(bytes)
        .map_err(|_| Error::truncated(protocol, 0, core::mem::size_of::<H>(), available))
}

/// Splits `bytes` at `mid`, failing with a truncation error at `offset + bytes.len()` when
/// `bytes` is shorter than `mid`.
#[inline]
pub fn split_at<B: SplitByteSlice>(
    protocol: Protocol,
    bytes: B,
    mid: usize,
    offset: usize,
) -> Result<(B, B)> {
    let available = bytes.len();
    bytes
        .split_at(mid)
        .map_err(|_| Error::truncated(protocol, offset, mid, available))
}

/// A cursor over borrowed bytes whose reads are all bounds-checked.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    protocol: Protocol,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`; errors name `protocol`.
    #[inline]
    #[must_use]
    pub const fn new(protocol: Protocol, buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            protocol,
        }
    }

    /// The protocol errors are attributed to.
    #[inline]
    #[must_use]
    pub const fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The offset of the next byte to read.
    #[inline]
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left to read.
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Whether nothing is left.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The bytes not read yet, without consuming them.
    #[inline]
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    /// An error of kind truncated at the current position, for `needed` bytes.
    #[inline]
    #[must_use]
    pub fn truncated(&self, needed: usize) -> Error {
        Error::truncated(self.protocol, self.pos, needed, self.remaining())
    }

    /// Takes the next `n` bytes.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let rest = self.rest();
        match rest.get(..n) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => Err(self.truncated(n)),
        }
    }

    /// Takes the next `N` bytes as an array.
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Skips `n` bytes.
    #[inline]
    pub fn skip(&mut self, n: usize) -> Result<()> {
        self.take(n).map(|_| ())
    }

    /// Looks at the next byte without consuming it.
    #[inline]
    pub fn peek_u8(&self) -> Result<u8> {
        self.rest()
            .first()
            .copied()
            .ok_or_else(|| self.truncated(1))
    }

    /// Reads one byte.
    #[inline]
    pub fn read_u8(&mut self) -> Result<u8> {
        Ok(self.read_array::<1>()?[0])
    }

    /// Reads a big-endian `u16`.
    #[inline]
    pub fn read_u16(&mut self) -> Result<u16> {
        self.read_array().map(u16::from_be_bytes)
    }

    /// Reads a big-endian `u32`.
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32> {
        self.read_array().map(u32::from_be_bytes)
    }

    /// Reads a big-endian `u64`.
    #[inline]
    pub fn read_u64(&mut self) -> Result<u64> {
        self.read_array().map(u64::from_be_bytes)
    }

    /// Reads a little-endian `u16`.
    #[inline]
    pub fn read_u16_le(&mut self) -> Result<u16> {
        self.read_array().map(u16::from_le_bytes)
    }

    /// Reads a little-endian `u32`.
    #[inline]
    pub fn read_u32_le(&mut self) -> Result<u32> {
        self.read_array().map(u32::from_le_bytes)
    }

    /// Takes everything left.
    #[inline]
    pub fn take_rest(&mut self) -> &'a [u8] {
        let rest = self.rest();
        self.pos = self.buf.len();
        rest
    }
}

/// A cursor writing into a caller's `&mut [u8]`; every write is bounds-checked.
///
/// A write that does not fit writes nothing and fails with
/// [`ErrorKind::BufferTooSmall`](crate::ErrorKind::BufferTooSmall).
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
    protocol: Protocol,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`; errors name `protocol`.
    #[inline]
    #[must_use]
    pub fn new(protocol: Protocol, buf: &'a mut [u8]) -> Self {
        Writer {
            buf,
            pos: 0,
            protocol,
        }
    }

    /// Bytes written so far.
    #[inline]
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// Room left.
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// The bytes written so far.
    #[inline]
    #[must_use]
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.pos).unwrap_or(&[])
    }

    /// The bytes written so far, mutably (to patch a length or checksum afterwards).
    #[inline]
    pub fn written_mut(&mut self) -> &mut [u8] {
        let pos = self.pos;
        self.buf.get_mut(..pos).unwrap_or(&mut [])
    }

    /// Reserves the next `n` bytes and returns them for the caller to fill.
    #[inline]
    pub fn reserve(&mut self, n: usize) -> Result<&mut [u8]> {
        let start = self.pos;
        let total = self.buf.len();
        let end = start
            .checked_add(n)
            .filter(|&e| e <= total)
            .ok_or_else(|| {
                Error::buffer_too_small(self.protocol, start.saturating_add(n), total)
            })?;
        self.pos = end;
        self.buf
            .get_mut(start..end)
            .ok_or_else(|| Error::buffer_too_small(self.protocol, end, total))
    }

    /// Writes bytes.
    #[inline]
    pub fn put_slice(&mut self, bytes: &[u8]) -> Result<()> {
        self.reserve(bytes.len())?.copy_from_slice(bytes);
        Ok(())
    }

    /// Writes `n` zero bytes.
    #[inline]
    pub fn put_zeroes(&mut self, n: usize) -> Result<()> {
        self.reserve(n)?.fill(0);
        Ok(())
    }

    /// Writes one byte.
    #[inline]
    pub fn put_u8(&mut self, v: u8) -> Result<()> {
        self.put_slice(&[v])
    }

    /// Writes a big-endian `u16`.
    #[inline]
    pub fn put_u16(&mut self, v: u16) -> Result<()> {
        self.put_slice(&v.to_be_bytes())
    }

    /// Writes a big-endian `u32`.
    #[inline]
    pub fn put_u32(&mut self, v: u32) -> Result<()> {
        self.put_slice(&v.to_be_bytes())
    }

    /// Writes a big-endian `u64`.
    #[inline]
    pub fn put_u64(&mut self, v: u64) -> Result<()> {
        self.put_slice(&v.to_be_bytes())
    }

    /// Writes a little-endian `u16`.
    #[inline]
    pub fn put_u16_le(&mut self, v: u16) -> Result<()> {
        self.put_slice(&v.to_le_bytes())
    }

    /// Writes a little-endian `u32`.
    #[inline]
    pub fn put_u32_le(&mut self, v: u32) -> Result<()> {
        self.put_slice(&v.to_le_bytes())
    }

    /// Gives back the whole buffer and the number of bytes written.
    #[inline]
    pub fn finish(self) -> (&'a mut [u8], usize) {
        (self.buf, self.pos)
    }
}

/// Checks that `buf` holds at least `needed` bytes for an encoder of `protocol`.
#[inline]
pub fn check_room(protocol: Protocol, buf: &[u8], needed: usize) -> Result<()> {
    if buf.len() < needed {
        Err(Error::buffer_too_small(protocol, needed, buf.len()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn reader_reads_network_order_and_stops_at_the_end() {
        // First 8 bytes of the ARP request in packetnet_arp_request_response.pcap.
        let bytes = [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01];
        let mut r = Reader::new(Protocol::Arp, &bytes);
        assert_eq!(r.read_u16().unwrap(), 1);
        assert_eq!(r.read_u16().unwrap(), 0x0800);
        assert_eq!(r.read_u8().unwrap(), 6);
        assert_eq!(r.peek_u8().unwrap(), 4);
        assert_eq!(r.read_u8().unwrap(), 4);
        assert_eq!(r.remaining(), 2);
        let e = r.read_u32().unwrap_err();
        assert_eq!(e.offset(), 6);
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 4,
                available: 2
            }
        );
        assert_eq!(r.position(), 6, "a failed read consumes nothing");
        assert_eq!(r.take_rest(), &[0, 1]);
        assert!(r.is_empty());
    }

    #[test]
    fn writer_refuses_writes_that_do_not_fit() {
        let mut buf = [0xaau8; 5];
        let mut w = Writer::new(Protocol::Ethernet, &mut buf);
        w.put_u32(0x0102_0304).unwrap();
        let e = w.put_u16(0xffff).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BufferTooSmall {
                needed: 6,
                available: 5
            }
        );
        assert_eq!(w.position(), 4);
        w.put_u8(5).unwrap();
        assert_eq!(w.written(), &[1, 2, 3, 4, 5]);
        assert!(w.reserve(usize::MAX).is_err());
    }

    #[test]
    fn split_header_reports_the_needed_size() {
        #[derive(
            zerocopy::FromBytes, zerocopy::KnownLayout, zerocopy::Immutable, zerocopy::Unaligned,
        )]
        #[repr(C)]
        struct Two {
            a: [u8; 2],
        }
        let e = split_header::<_, Two>(Protocol::Vlan, &[1u8][..])
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );
        let (h, rest) = split_header::<_, Two>(Protocol::Vlan, &[1u8, 2, 3][..]).unwrap();
        assert_eq!(h.a, [1, 2]);
        assert_eq!(rest, &[3]);
    }
}
