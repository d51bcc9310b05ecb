//! The domain search option (119, RFC 3397): DNS names in wire format, compressed with
//! pointers whose offsets count from the first byte of the (joined, RFC 3396) option value
//! (RFC 3397 §2).

use super::options::OptionValue;
use codec_core::{Error, ErrorKind, Field, Protocol, Result, Writer};
use core::fmt;

/// Most pointers followed while reading one name (as miekg/dns: (255 + 1) / 2 - 2).
const MAX_HOPS: u16 = 126;

/// The domain search list (option 119): a sequence of DNS names, validated by `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DomainSearch<'a>(&'a [u8]);

impl<'a> DomainSearch<'a> {
    /// Views `bytes` (the joined value) as a search list.
    ///
    /// # Errors
    /// As [`OptionValue::parse_value`].
    pub fn new(bytes: &'a [u8]) -> Result<Self> {
        Self::parse_value(bytes)
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = SearchName<'a>> + 'a {
        let data = self.0;
        let mut at = 0;
        core::iter::from_fn(move || {
            if at >= data.len() {
                return None;
            }
            let (_, next) = walk(data, at).ok()?;
            let name = SearchName { data, start: at };
            at = next;
            Some(name)
        })
    }

    /// The encoded value.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
}

/// Walks the name at `start`: returns its uncompressed length and the offset after its
/// encoding.
fn walk(data: &[u8], start: usize) -> Result<(usize, usize)> {
    let mut at = start;
    let mut after = None;
    let mut len = 1usize;
    let mut hops = 0u16;
    loop {
        let Some(&b) = data.get(at) else {
            return Err(Error::truncated(Protocol::Dhcp, at, 1, 0));
        };
        match b {
            0 => return Ok((len, after.unwrap_or(at + 1))),
            1..=63 => {
                let l = usize::from(b);
                if at + 1 + l > data.len() {
                    return Err(Error::bad_length(
                        Protocol::Dhcp,
                        at,
                        Field::Label,
                        u32::from(b),
                    ));
                }
                len += l + 1;
                if len > 255 {
                    return Err(Error::new(
                        Protocol::Dhcp,
                        at,
                        ErrorKind::TooLong {
                            field: Field::Name,
                            limit: 255,
                        },
                    ));
                }
                at += 1 + l;
            }
            0xc0..=0xff => {
                let Some(&lo) = data.get(at + 1) else {
                    return Err(Error::truncated(Protocol::Dhcp, at, 2, 1));
                };
                let target = usize::from(u16::from_be_bytes([b & 0x3f, lo]));
                if target >= at {
                    return Err(Error::new(
                        Protocol::Dhcp,
                        at,
                        ErrorKind::ForwardPointer {
                            target: target as u32,
                        },
                    ));
                }
                hops += 1;
                if hops > MAX_HOPS {
                    return Err(Error::new(
                        Protocol::Dhcp,
                        at,
                        ErrorKind::PointerLoop { hops: MAX_HOPS },
                    ));
                }
                after.get_or_insert(at + 2);
                at = target;
            }
            _ => {
                return Err(Error::bad_value(
                    Protocol::Dhcp,
                    at,
                    Field::Label,
                    u32::from(b),
                ));
            }
        }
    }
}

impl<'a> OptionValue<'a> for DomainSearch<'a> {
    /// At least one name; every label inside the value, pointers backwards (at most 126
    /// followed per name), names at most 255 bytes.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() {
            return Err(Error::bad_length(Protocol::Dhcp, 0, Field::OptionLength, 0));
        }
        let mut at = 0;
        while at < data.len() {
            at = walk(data, at)?.1;
        }
        Ok(DomainSearch(data))
    }
    fn value_len(&self) -> usize {
        self.0.len()
    }
    fn write_value(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.0)
    }
    fn fmt_value(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, n) in self.names().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

/// One name of a search list, decompressed lazily.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SearchName<'a> {
    data: &'a [u8],
    start: usize,
}

impl<'a> SearchName<'a> {
    /// The labels, pointers followed.
    pub fn labels(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let data = self.data;
        let mut at = self.start;
        let mut hops = 0u16;
        core::iter::from_fn(move || {
            loop {
                let &b = data.get(at)?;
                match b {
                    1..=63 => {
                        let label = data.get(at + 1..at + 1 + usize::from(b))?;
                        at += 1 + usize::from(b);
                        return Some(label);
                    }
                    0xc0..=0xff => {
                        hops += 1;
                        if hops > MAX_HOPS {
                            return None;
                        }
                        let lo = *data.get(at + 1)?;
                        at = usize::from(u16::from_be_bytes([b & 0x3f, lo]));
                    }
                    _ => return None,
                }
            }
        })
    }
}

impl fmt::Display for SearchName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, l) in self.labels().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            for &c in l {
                if c.is_ascii_graphic() && c != b'.' && c != b'\\' {
                    write!(f, "{}", char::from(c))?;
                } else {
                    write!(f, "\\{c:03}")?;
                }
            }
        }
        Ok(())
    }
}
