//! OSCAR TLVs (notes §1.4): `u16 tag, u16 length, length bytes`, big-endian, in three list
//! forms.
//!
//! | form | layout | where |
//! |---|---|---|
//! | rest of buffer | TLVs up to the end of the enclosing bytes | SNAC tails, the rendezvous block |
//! | count-prefixed | `u16 count`, then `count` TLVs | the user-info block of ICBM 4/7 |
//! | length-prefixed | `u16 byte_len`, then TLVs filling exactly `byte_len` | the SNAC 0x8000 block, feedbag items |
//!
//! The walk is [`codec_core::tlv::Tlvs`] with [`FORMAT`]; a [`TlvChain`] is a list validated
//! once, whose lookups cannot fail afterwards. Each TLV is bounded by its own sub-slice (the
//! libpurple length-prefixed reader underflows on an overrunning TLV, notes §1.4).
//!
//! Duplicate tags are kept in order. Implementations disagree on which one counts
//! (libpurple takes the first, joscar the last, Open OSCAR Server replaces all), so the
//! chain offers [`first`](TlvChain::first), [`last`](TlvChain::last) and
//! [`all`](TlvChain::all).
//!
//! ```
//! use codec_aim::tlv::{TlvChain, TlvValue};
//! // The MOTD TLVs of ../shared/captures/aim_oscar/ndpi_Oscar.pcap frame 10 (SNAC 1/0x13
//! // after its u16 MOTD type), then a duplicate tag 2 appended.
//! let bytes = [0x00, 0x02, 0x00, 0x02, 0x00, 0x1e, 0x00, 0x03, 0x00, 0x02, 0x04, 0xb0,
//!              0x00, 0x02, 0x00, 0x01, 0x07];
//! let chain = TlvChain::parse(&bytes)?;
//! assert_eq!(chain.count(), 3);
//! assert_eq!(chain.first(2).and_then(|t| t.as_u16()), Some(0x1e));
//! assert_eq!(chain.last(2).map(|t| t.value), Some(&[0x07][..]));
//! assert_eq!(chain.all(2).count(), 2);
//! assert_eq!(chain.first(3).and_then(|t| t.as_u16()), Some(1200));
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::tlv::{self as core_tlv, TlvFormat, Tlvs};
use codec_core::{Error, Protocol, Result, Writer};
use core::fmt;
use core::net::Ipv4Addr;

pub use codec_core::tlv::Tlv;

/// The OSCAR TLV format: 2-byte tag, 2-byte length of the value, errors attributed to
/// [`Protocol::OscarTlv`].
pub const FORMAT: TlvFormat = TlvFormat::TYPE16_LEN16.for_protocol(Protocol::OscarTlv);

/// Bytes of a TLV's tag and length.
pub const TLV_HEADER_LEN: usize = 4;

/// The three list forms (notes §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum TlvForm {
    /// TLVs to the end of the enclosing bytes.
    Rest,
    /// `u16 count`, then that many TLVs.
    Counted,
    /// `u16 byte_len`, then TLVs filling exactly that many bytes.
    LengthPrefixed,
}

/// Typed readings of a TLV's value.
pub trait TlvValue {
    /// The value as a big-endian u8, if it is exactly one byte.
    fn as_u8(&self) -> Option<u8>;
    /// The value as a big-endian u16, if it is exactly two bytes.
    fn as_u16(&self) -> Option<u16>;
    /// The value as a big-endian u32, if it is exactly four bytes.
    fn as_u32(&self) -> Option<u32>;
    /// The value as an IPv4 address, if it is exactly four bytes.
    fn as_ipv4(&self) -> Option<Ipv4Addr>;
}

impl TlvValue for Tlv<'_> {
    fn as_u8(&self) -> Option<u8> {
        match self.value {
            [a] => Some(*a),
            _ => None,
        }
    }

    fn as_u16(&self) -> Option<u16> {
        <[u8; 2]>::try_from(self.value).ok().map(u16::from_be_bytes)
    }

    fn as_u32(&self) -> Option<u32> {
        <[u8; 4]>::try_from(self.value).ok().map(u32::from_be_bytes)
    }

    fn as_ipv4(&self) -> Option<Ipv4Addr> {
        <[u8; 4]>::try_from(self.value).ok().map(Ipv4Addr::from)
    }
}

/// A validated TLV list ("rest" form once its bounds are known), borrowed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TlvChain<'a> {
    bytes: &'a [u8],
}

impl<'a> TlvChain<'a> {
    /// The empty chain.
    pub const EMPTY: TlvChain<'static> = TlvChain { bytes: &[] };

    /// Validates `bytes` as TLVs filling it exactly ("rest" form).
    ///
    /// # Errors
    /// [`Truncated`](codec_core::ErrorKind::Truncated) for a header cut short,
    /// [`BadLength`](codec_core::ErrorKind::BadLength) for a length running past the end,
    /// at the offset of the damaged TLV.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        Tlvs::new(FORMAT, bytes).validate()?;
        Ok(TlvChain { bytes })
    }

    /// Reads a count-prefixed block at the front of `bytes`: `u16 count`, then `count`
    /// TLVs. Returns the chain (without the count), the count and the bytes after it.
    ///
    /// # Errors
    /// Truncation of the count or of any of the TLVs, with offsets from `bytes`.
    pub fn parse_counted(bytes: &'a [u8]) -> Result<(Self, u16, &'a [u8])> {
        let (count, rest) = split_u16(bytes)?;
        let mut walk = Tlvs::new(FORMAT, rest);
        for _ in 0..count {
            match walk.next() {
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.shifted(2)),
                None => {
                    return Err(Error::truncated(
                        Protocol::OscarTlv,
                        2 + walk.offset(),
                        TLV_HEADER_LEN,
                        0,
                    ));
                }
            }
        }
        let end = walk.offset();
        let (chain, after) = rest.split_at_checked(end).unwrap_or((rest, &[]));
        Ok((TlvChain { bytes: chain }, count, after))
    }

    /// Reads a length-prefixed block at the front of `bytes`: `u16 byte_len`, then TLVs
    /// filling exactly `byte_len` bytes. Returns the chain and the bytes after the block.
    ///
    /// # Errors
    /// Truncation of the length or the block, or a TLV overrunning the block (offsets from
    /// `bytes`).
    pub fn parse_length_prefixed(bytes: &'a [u8]) -> Result<(Self, &'a [u8])> {
        let (len, rest) = split_u16(bytes)?;
        let len = usize::from(len);
        let Some((block, after)) = rest.split_at_checked(len) else {
            return Err(Error::truncated(Protocol::OscarTlv, 2, len, rest.len()));
        };
        let chain = TlvChain::parse(block).map_err(|e| e.shifted(2))?;
        Ok((chain, after))
    }

    /// The chain's bytes.
    #[must_use]
    pub const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Bytes the chain takes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the chain has no TLV.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The TLVs in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'a> {
        Iter(Tlvs::new(FORMAT, self.bytes))
    }

    /// Number of TLVs.
    #[must_use]
    pub fn count(&self) -> usize {
        self.iter().count()
    }

    /// The first TLV with `tag` (libpurple's `aim_tlv_gettlv(list, tag, 1)`).
    #[must_use]
    pub fn first(&self, tag: u16) -> Option<Tlv<'a>> {
        self.iter().find(|t| t.kind == tag)
    }

    /// The last TLV with `tag` (joscar's `getLastTlv`).
    #[must_use]
    pub fn last(&self, tag: u16) -> Option<Tlv<'a>> {
        self.iter().filter(|t| t.kind == tag).last()
    }

    /// Every TLV with `tag`, in order.
    pub fn all(&self, tag: u16) -> impl Iterator<Item = Tlv<'a>> + use<'a> {
        self.iter().filter(move |t| t.kind == tag)
    }

    /// Whether a TLV with `tag` is present.
    #[must_use]
    pub fn contains(&self, tag: u16) -> bool {
        self.first(tag).is_some()
    }

    /// Writes the chain's bytes.
    ///
    /// # Errors
    /// A buffer error when `w` is short.
    pub fn emit(&self, w: &mut Writer<'_>) -> Result<()> {
        w.put_slice(self.bytes)
    }
}

impl<'a> IntoIterator for TlvChain<'a> {
    type Item = Tlv<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl fmt::Debug for TlvChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|t| (t.kind, t.value)))
            .finish()
    }
}

impl fmt::Display for TlvChain<'_> {
    /// `[0x0002 (2), 0x0003 (2)]`: tags with value lengths.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, t) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{:#06x} ({})", t.kind, t.value.len())?;
        }
        f.write_str("]")
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for TlvChain<'a> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // Take a prefix of the remaining bytes that walks cleanly.
        let bytes: &'a [u8] = u.arbitrary()?;
        let mut walk = Tlvs::new(FORMAT, bytes);
        let mut end = 0;
        while let Some(Ok(t)) = walk.next() {
            end = t.offset + t.len();
        }
        Ok(TlvChain {
            bytes: bytes.get(..end).unwrap_or(&[]),
        })
    }
}

/// The TLVs of a validated chain; yields nothing after a malformed element (a chain made by
/// [`TlvChain::parse`] has none).
#[derive(Debug, Clone)]
pub struct Iter<'a>(Tlvs<'a>);

impl<'a> Iterator for Iter<'a> {
    type Item = Tlv<'a>;
    #[inline]
    fn next(&mut self) -> Option<Tlv<'a>> {
        self.0.next()?.ok()
    }
}

impl core::iter::FusedIterator for Iter<'_> {}

fn split_u16(bytes: &[u8]) -> Result<(u16, &[u8])> {
    match bytes {
        [a, b, rest @ ..] => Ok((u16::from_be_bytes([*a, *b]), rest)),
        _ => Err(Error::truncated(Protocol::OscarTlv, 0, 2, bytes.len())),
    }
}

/// Writes one TLV.
///
/// # Errors
/// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a value over 65535
/// bytes.
pub fn write(w: &mut Writer<'_>, tag: u16, value: &[u8]) -> Result<()> {
    core_tlv::write_tlv(w, FORMAT, tag, value)
}

/// Writes a TLV's tag and length; the caller writes the `value_len` bytes of value after.
///
/// # Errors
/// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a value over 65535
/// bytes.
pub fn write_header(w: &mut Writer<'_>, tag: u16, value_len: usize) -> Result<()> {
    core_tlv::write_tlv_header(w, FORMAT, tag, value_len)
}

/// Writes a TLV with a big-endian u16 value.
///
/// # Errors
/// A buffer error.
pub fn write_u16(w: &mut Writer<'_>, tag: u16, value: u16) -> Result<()> {
    write(w, tag, &value.to_be_bytes())
}

/// Writes a TLV with a big-endian u32 value.
///
/// # Errors
/// A buffer error.
pub fn write_u32(w: &mut Writer<'_>, tag: u16, value: u32) -> Result<()> {
    write(w, tag, &value.to_be_bytes())
}

/// Writes a count-prefixed block: the number of TLVs in `chain`, then the chain.
///
/// # Errors
/// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) when the chain has more
/// than 65535 TLVs.
pub fn write_counted(w: &mut Writer<'_>, chain: TlvChain<'_>) -> Result<()> {
    let count = u16::try_from(chain.count()).map_err(|_| too_long(w.position()))?;
    w.put_u16(count)?;
    chain.emit(w)
}

/// Writes a length-prefixed block: the chain's byte length, then the chain.
///
/// # Errors
/// A buffer error, or [`TooLong`](codec_core::ErrorKind::TooLong) for a chain over 65535
/// bytes.
pub fn write_length_prefixed(w: &mut Writer<'_>, chain: TlvChain<'_>) -> Result<()> {
    let len = u16::try_from(chain.len()).map_err(|_| too_long(w.position()))?;
    w.put_u16(len)?;
    chain.emit(w)
}

fn too_long(at: usize) -> Error {
    Error::new(
        Protocol::OscarTlv,
        at,
        codec_core::ErrorKind::TooLong {
            field: codec_core::Field::Length,
            limit: 0xffff,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::{ErrorKind, Field};

    // ../shared/captures/aim_oscar/ndpi_Oscar.pcap frame 19, SNAC 0x0009/0x0003 (privacy
    // rights) body: TLV 2 = 0x03e8, TLV 1 = 0x03e8 (Wireshark: pos 499 and 505).
    static BOS_RIGHTS: [u8; 12] = [
        0x00, 0x02, 0x00, 0x02, 0x03, 0xe8, 0x00, 0x01, 0x00, 0x02, 0x03, 0xe8,
    ];

    // Frame 19, SNAC 0x0001/0x000f (self info): the user-info block from the count on:
    // count 13 and the first TLVs (1 = 0x0050, 12 with 37 bytes ...); here cut after two
    // TLVs with the count set to 2.
    static COUNTED: [u8; 51] = [
        0x00, 0x02, // count
        0x00, 0x01, 0x00, 0x02, 0x00, 0x50, // TLV 1
        0x00, 0x0c, 0x00, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // TLV 12 (37 bytes)
        0xaa, 0xbb, // after the block
    ];

    // Frame 37, SNAC 0x0001/0x000a with flag 0x8000: the 14-byte length-prefixed block.
    static PREFIXED: [u8; 18] = [
        0x00, 0x0e, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x56, 0x00, 0x01, 0x00, 0x02, 0x00,
        0x03, 0x00, 0x01,
    ];

    #[test]
    fn rest_form() {
        let chain = TlvChain::parse(&BOS_RIGHTS).unwrap();
        let tags: std::vec::Vec<(u16, usize, Option<u16>)> = chain
            .iter()
            .map(|t| (t.kind, t.offset, t.as_u16()))
            .collect();
        assert_eq!(tags, [(2, 0, Some(1000)), (1, 6, Some(1000))]);
        assert_eq!(chain.count(), 2);
        assert_eq!(std::format!("{chain}"), "[0x0002 (2), 0x0001 (2)]");
        assert!(chain.first(5).is_none());
    }

    #[test]
    fn counted_form() {
        let (chain, count, rest) = TlvChain::parse_counted(&COUNTED).unwrap();
        assert_eq!(count, 2);
        assert_eq!(chain.len(), 6 + 41);
        assert_eq!(rest, &[0xaa, 0xbb]);
        assert_eq!(chain.first(12).map(|t| t.value.len()), Some(37));
        let mut out = [0u8; 49];
        let mut w = Writer::new(Protocol::OscarTlv, &mut out);
        write_counted(&mut w, chain).unwrap();
        assert_eq!(w.position(), 49);
        assert_eq!(&out[..], &COUNTED[..49]);
        // One TLV more than there is.
        let mut bad = COUNTED;
        bad[1] = 3;
        let e = TlvChain::parse_counted(&bad[..49]).unwrap_err();
        assert_eq!(e.offset(), 49);
        assert_eq!(
            e.kind(),
            ErrorKind::Truncated {
                needed: 4,
                available: 0
            }
        );
    }

    #[test]
    fn length_prefixed_form() {
        let (chain, rest) = TlvChain::parse_length_prefixed(&PREFIXED).unwrap();
        assert_eq!(rest, &[0x00, 0x01], "the SNAC body follows");
        assert_eq!(chain.first(2).and_then(|t| t.as_u32()), Some(0x56));
        assert_eq!(chain.first(1).and_then(|t| t.as_u16()), Some(3));
        let mut out = [0u8; 16];
        let mut w = Writer::new(Protocol::OscarTlv, &mut out);
        write_length_prefixed(&mut w, chain).unwrap();
        assert_eq!(out, PREFIXED[..16]);
        // Block length 12: the second TLV overruns it (libpurple's underflow case).
        let mut bad = PREFIXED;
        bad[1] = 12;
        let e = TlvChain::parse_length_prefixed(&bad).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                12,
                ErrorKind::BadLength {
                    field: Field::OptionLength,
                    value: 2
                }
            )
        );
        let e = TlvChain::parse_length_prefixed(&PREFIXED[..1]).unwrap_err();
        assert_eq!(e.protocol(), Protocol::OscarTlv);
    }

    #[test]
    fn writers() {
        let mut out = [0u8; 12];
        let mut w = Writer::new(Protocol::OscarTlv, &mut out);
        write_u16(&mut w, 2, 1000).unwrap();
        write_u16(&mut w, 1, 1000).unwrap();
        assert_eq!(out, BOS_RIGHTS);
        let mut out = [0u8; 8];
        let mut w = Writer::new(Protocol::OscarTlv, &mut out);
        write_u32(&mut w, 2, 0x56).unwrap();
        assert_eq!(&out, &PREFIXED[2..10]);
        let mut small = [0u8; 5];
        let mut w = Writer::new(Protocol::OscarTlv, &mut small);
        assert!(write_u16(&mut w, 1, 1).is_err());
    }
}
