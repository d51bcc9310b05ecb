//! Generic type-length-value walkers and writers.
//!
//! Many protocols of the family carry lists of options in a type-length-value layout that
//! differs only in three parameters, captured by [`TlvFormat`]:
//!
//! | list | type | length | length counts the header | single-byte types |
//! |---|---|---|---|---|
//! | PPP LCP/IPCP/CCP options (RFC 1661 §6) | 1 | 1 | yes | none |
//! | IPv4 and TCP options (RFC 791, RFC 9293) | 1 | 1 | yes | NOP = 1, EOL = 0 ends |
//! | DHCP options (RFC 2132 §2) | 1 | 1 | no | PAD = 0, END = 255 ends |
//! | OSCAR TLVs, PPPoE tags, EDNS options | 2 | 2 | no | none |
//!
//! [`Tlvs`] walks such a list lazily over borrowed bytes. It never loops: every step
//! consumes at least one byte, and a length that would run past the end or is smaller than
//! the header stops the walk with an error naming the offset. After an error the iterator is
//! finished, and [`Tlvs::offset`] tells where the damage is (a "lax" walk for capture
//! analysis simply stops at the first `Err`).
//!
//! ```
//! use codec_core::tlv::{TlvFormat, Tlvs, write_tlv};
//! use codec_core::{Protocol, Writer};
//! // LCP options of a Configure-Request: MRU 1500, Magic-Number 0x0e2ef609.
//! let opts = [0x01, 0x04, 0x05, 0xdc, 0x05, 0x06, 0x0e, 0x2e, 0xf6, 0x09];
//! let mut walk = Tlvs::new(TlvFormat::PPP_OPTIONS, &opts);
//! let mru = walk.next().unwrap()?;
//! assert_eq!((mru.kind, mru.value, mru.offset), (1, &[0x05, 0xdc][..], 0));
//! let magic = walk.next().unwrap()?;
//! assert_eq!((magic.kind, magic.offset, magic.len()), (5, 4, 6));
//! assert!(walk.next().is_none());
//!
//! // Writing gives the same bytes back.
//! let mut out = [0u8; 10];
//! let mut w = Writer::new(Protocol::Lcp, &mut out);
//! write_tlv(&mut w, TlvFormat::PPP_OPTIONS, 1, &[0x05, 0xdc])?;
//! write_tlv(&mut w, TlvFormat::PPP_OPTIONS, 5, &[0x0e, 0x2e, 0xf6, 0x09])?;
//! assert_eq!(out, opts);
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::buf::Writer;
use crate::error::{Error, Field, Protocol, Result};

/// Width in bytes of a type or length field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// One byte.
    One,
    /// Two bytes, big-endian.
    Two,
}

impl Width {
    /// The width in bytes.
    #[inline]
    #[must_use]
    pub const fn bytes(self) -> usize {
        match self {
            Width::One => 1,
            Width::Two => 2,
        }
    }

    /// The largest value a field of this width holds.
    #[inline]
    #[must_use]
    pub const fn max(self) -> usize {
        match self {
            Width::One => 0xff,
            Width::Two => 0xffff,
        }
    }
}

/// The layout of one family of TLV lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlvFormat {
    /// The protocol errors are attributed to.
    pub protocol: Protocol,
    /// Width of the type field.
    pub type_width: Width,
    /// Width of the length field.
    pub length_width: Width,
    /// Whether the length counts the type and length fields too (PPP, IP, TCP) or only the
    /// value (DHCP, OSCAR).
    pub length_counts_header: bool,
    /// A type that is a single byte with no length or value, used as filler (DHCP PAD,
    /// IP/TCP NOP).
    pub pad: Option<u16>,
    /// A type that is a single byte and ends the list (DHCP END, IP/TCP EOL); bytes after
    /// it are not walked.
    pub end: Option<u16>,
}

impl TlvFormat {
    /// PPP control-protocol options (RFC 1661 §6): 1-byte type, 1-byte length counting
    /// the header.
    pub const PPP_OPTIONS: TlvFormat = TlvFormat {
        protocol: Protocol::Tlv,
        type_width: Width::One,
        length_width: Width::One,
        length_counts_header: true,
        pad: None,
        end: None,
    };
    /// IPv4 options (RFC 791 §3.1) and TCP options (RFC 9293 §3.1): like PPP's, with the
    /// single-byte NOP (1) and End of Option List (0).
    pub const IP_OPTIONS: TlvFormat = TlvFormat {
        pad: Some(1),
        end: Some(0),
        ..Self::PPP_OPTIONS
    };
    /// DHCP options (RFC 2132 §2): 1-byte code, 1-byte length of the value only, with the
    /// single-byte PAD (0) and END (255).
    pub const DHCP_OPTIONS: TlvFormat = TlvFormat {
        protocol: Protocol::Tlv,
        type_width: Width::One,
        length_width: Width::One,
        length_counts_header: false,
        pad: Some(0),
        end: Some(255),
    };
    /// OSCAR TLVs, PPPoE tags and EDNS(0) options: 2-byte type, 2-byte length of the value.
    pub const TYPE16_LEN16: TlvFormat = TlvFormat {
        protocol: Protocol::Tlv,
        type_width: Width::Two,
        length_width: Width::Two,
        length_counts_header: false,
        pad: None,
        end: None,
    };

    /// The same format with errors attributed to `protocol`.
    #[inline]
    #[must_use]
    pub const fn for_protocol(self, protocol: Protocol) -> Self {
        TlvFormat { protocol, ..self }
    }

    /// Bytes of type plus length.
    #[inline]
    #[must_use]
    pub const fn header_len(&self) -> usize {
        self.type_width.bytes() + self.length_width.bytes()
    }

    /// Whether `kind` is one of the single-byte types.
    #[inline]
    #[must_use]
    pub fn is_single_byte(&self, kind: u16) -> bool {
        self.pad == Some(kind) || self.end == Some(kind)
    }

    /// The encoded size of an element with a value of `value_len` bytes.
    #[inline]
    #[must_use]
    pub const fn element_len(&self, value_len: usize) -> usize {
        self.header_len().saturating_add(value_len)
    }
}

/// One element of a TLV list, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The type (code, kind) field.
    pub kind: u16,
    /// The value bytes (empty for single-byte types).
    pub value: &'a [u8],
    /// Offset of the element's first byte inside the walked bytes.
    pub offset: usize,
    /// Bytes of header before the value: 0 for single-byte types.
    pub header_len: u8,
}

impl Tlv<'_> {
    /// The element's whole encoded length, header included.
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        if self.header_len == 0 {
            1
        } else {
            self.header_len as usize + self.value.len()
        }
    }

    /// Whether the element has no value bytes.
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Offset of the value's first byte inside the walked bytes.
    #[inline]
    #[must_use]
    pub const fn value_offset(&self) -> usize {
        self.offset + self.header_len as usize
    }
}

/// A lazy walk over a TLV list. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct Tlvs<'a> {
    format: TlvFormat,
    data: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Tlvs<'a> {
    /// Walks `data` as a list in `format`.
    #[inline]
    #[must_use]
    pub const fn new(format: TlvFormat, data: &'a [u8]) -> Self {
        Tlvs {
            format,
            data,
            pos: 0,
            done: false,
        }
    }

    /// The offset the walk has reached: after an error, the offset of the damaged element.
    #[inline]
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.pos
    }

    /// The bytes not walked (after an END element: the padding behind it).
    #[inline]
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// Walks the whole list once and reports the first error, if any.
    pub fn validate(mut self) -> Result<()> {
        self.try_for_each(|t| t.map(|_| ()))
    }

    fn fail(&mut self, e: Error) -> Option<Result<Tlv<'a>>> {
        self.done = true;
        Some(Err(e))
    }
}

#[inline]
fn read_width(bytes: &[u8], width: Width) -> Option<usize> {
    match width {
        Width::One => bytes.first().map(|&b| usize::from(b)),
        Width::Two => match bytes {
            [a, b, ..] => Some(usize::from(u16::from_be_bytes([*a, *b]))),
            _ => None,
        },
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let f = self.format;
        let start = self.pos;
        let rest = self.data.get(start..).unwrap_or(&[]);
        if rest.is_empty() {
            self.done = true;
            return None;
        }
        let Some(kind) = read_width(rest, f.type_width) else {
            return self.fail(Error::truncated(
                f.protocol,
                start,
                f.type_width.bytes(),
                rest.len(),
            ));
        };
        // Single-byte types exist only for 1-byte type fields, so the cast cannot lose bits.
        let kind = kind as u16;
        if f.is_single_byte(kind) {
            self.pos = start + 1;
            if f.end == Some(kind) {
                self.done = true;
            }
            return Some(Ok(Tlv {
                kind,
                value: &[],
                offset: start,
                header_len: 0,
            }));
        }
        let header = f.header_len();
        let Some(len) = rest
            .get(f.type_width.bytes()..)
            .and_then(|b| read_width(b, f.length_width))
        else {
            return self.fail(Error::truncated(f.protocol, start, header, rest.len()));
        };
        let value_len = if f.length_counts_header {
            match len.checked_sub(header) {
                Some(v) => v,
                None => {
                    return self.fail(Error::bad_length(
                        f.protocol,
                        start + f.type_width.bytes(),
                        Field::OptionLength,
                        len as u32,
                    ));
                }
            }
        } else {
            len
        };
        let Some(value) = rest.get(header..header + value_len) else {
            return self.fail(Error::bad_length(
                f.protocol,
                start + f.type_width.bytes(),
                Field::OptionLength,
                len as u32,
            ));
        };
        self.pos = start + header + value_len;
        Some(Ok(Tlv {
            kind,
            value,
            offset: start,
            header_len: header as u8,
        }))
    }
}

impl core::iter::FusedIterator for Tlvs<'_> {}

fn put_width(w: &mut Writer<'_>, width: Width, v: usize) -> Result<()> {
    match width {
        Width::One => w.put_u8(v as u8),
        Width::Two => w.put_u16(v as u16),
    }
}

/// Writes the type and length of an element whose value of `value_len` bytes follows.
///
/// Fails with [`ErrorKind::TooLong`](crate::ErrorKind::TooLong) when the value does not fit
/// the length field, and with a buffer error when the header does not fit `w`.
pub fn write_tlv_header(
    w: &mut Writer<'_>,
    format: TlvFormat,
    kind: u16,
    value_len: usize,
) -> Result<()> {
    let header = format.header_len();
    let len = if format.length_counts_header {
        value_len.saturating_add(header)
    } else {
        value_len
    };
    let limit = format.length_width.max();
    if len > limit {
        return Err(Error::new(
            format.protocol,
            w.position(),
            crate::ErrorKind::TooLong {
                field: Field::OptionLength,
                limit: limit as u32,
            },
        ));
    }
    if usize::from(kind) > format.type_width.max() {
        return Err(Error::bad_value(
            format.protocol,
            w.position(),
            Field::OptionType,
            u32::from(kind),
        ));
    }
    put_width(w, format.type_width, usize::from(kind))?;
    put_width(w, format.length_width, len)
}

/// Writes one element: type, length, value.
pub fn write_tlv(w: &mut Writer<'_>, format: TlvFormat, kind: u16, value: &[u8]) -> Result<()> {
    if w.remaining() < format.element_len(value.len()) {
        return Err(Error::buffer_too_small(
            format.protocol,
            w.position().saturating_add(format.element_len(value.len())),
            w.position() + w.remaining(),
        ));
    }
    write_tlv_header(w, format, kind, value.len())?;
    w.put_slice(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    // DHCP options from the DHCP Discover in ../shared/vectors/dhcp_discover.bin style:
    // message type DISCOVER, a PAD, a parameter request list, END and trailing pad.
    const DHCP: [u8; 12] = [53, 1, 1, 0, 55, 3, 1, 3, 6, 255, 0, 0];

    #[test]
    fn dhcp_walk_honours_pad_and_end() {
        let f = TlvFormat::DHCP_OPTIONS;
        let mut it = Tlvs::new(f, &DHCP);
        let t = it.next().unwrap().unwrap();
        assert_eq!((t.kind, t.value, t.len()), (53, &[1u8][..], 3));
        let pad = it.next().unwrap().unwrap();
        assert_eq!((pad.kind, pad.header_len, pad.len()), (0, 0, 1));
        let prl = it.next().unwrap().unwrap();
        assert_eq!(
            (prl.kind, prl.value, prl.offset, prl.value_offset()),
            (55, &[1u8, 3, 6][..], 4, 6)
        );
        let end = it.next().unwrap().unwrap();
        assert_eq!((end.kind, end.offset), (255, 9));
        assert!(it.next().is_none());
        assert_eq!(it.rest(), &[0, 0]);
    }

    #[test]
    fn tcp_options_of_syn74() {
        // TCP options of ../shared/vectors/syn74.hex: MSS 1460, SACK-permitted, timestamps, NOP, WS 7.
        let opts = [
            0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x9a, 0x2b, 0x3c, 0x00, 0x00,
            0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
        ];
        let kinds: Vec<(u16, usize)> = Tlvs::new(TlvFormat::IP_OPTIONS, &opts)
            .map(|t| t.map(|t| (t.kind, t.len())))
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(kinds, [(2, 4), (4, 2), (8, 10), (1, 1), (3, 3)]);
    }

    #[test]
    fn malformed_lengths_stop_the_walk_with_the_offset() {
        // PPP option with length 1 (< header): the ppproto panic case.
        let mut it = Tlvs::new(
            TlvFormat::PPP_OPTIONS.for_protocol(Protocol::Lcp),
            &[1, 4, 5, 0xdc, 3, 1],
        );
        assert!(it.next().unwrap().is_ok());
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(e.protocol(), Protocol::Lcp);
        assert_eq!(e.offset(), 5);
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 1
            }
        );
        assert!(it.next().is_none());
        assert_eq!(it.offset(), 4);

        // Length running past the end.
        let e = Tlvs::new(TlvFormat::DHCP_OPTIONS, &[12, 10, b'h'])
            .validate()
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 10
            }
        );
        // Header cut in the middle.
        let e = Tlvs::new(TlvFormat::TYPE16_LEN16, &[0, 1, 0])
            .validate()
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 4,
                available: 3
            }
        );
    }

    #[test]
    fn writer_checks_limits() {
        let mut buf = [0u8; 300];
        let mut w = Writer::new(Protocol::Dhcp, &mut buf);
        let big = [0u8; 256];
        let e = write_tlv(&mut w, TlvFormat::DHCP_OPTIONS, 60, &big).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::TooLong {
                field: Field::OptionLength,
                limit: 255
            }
        );
        write_tlv(&mut w, TlvFormat::TYPE16_LEN16, 0x0101, b"ab").unwrap();
        assert_eq!(w.written(), &[1, 1, 0, 2, b'a', b'b']);
        let mut small = [0u8; 3];
        let mut w = Writer::new(Protocol::Dhcp, &mut small);
        assert!(write_tlv(&mut w, TlvFormat::DHCP_OPTIONS, 1, &[1, 2]).is_err());
        assert_eq!(w.position(), 0, "nothing written on failure");
    }

    extern crate std;
    use std::vec::Vec;
}
