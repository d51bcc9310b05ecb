//! The domain search option (119, RFC 3397): DNS names in wire format, compressed with
//! pointers whose offsets count from the first byte of the (joined, RFC 3396) option value
//! (RFC 3397 §2). Names are read and written by the DNS name code ([`crate::dns::name`]):
//! the joined value plays the part of the DNS message.
//!
//! ```
//! use codec_app::dhcp::{DomainSearch, encode_domain_search};
//! let mut value = [0u8; 64];
//! let n = encode_domain_search(&["eng.example.com", "example.com", "sales.example.com"], &mut value)?;
//! // "example.com" and the suffix of "sales.example.com" are pointers to offset 4.
//! assert_eq!(&value[..n], b"\x03eng\x07example\x03com\x00\xc0\x04\x05sales\xc0\x04");
//! let search = DomainSearch::new(&value[..n])?;
//! let names: Vec<String> = search.names().map(|n| n.to_string()).collect();
//! assert_eq!(names, ["eng.example.com", "example.com", "sales.example.com"]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use super::options::OptionValue;
use crate::dns::name::{Name, NameCompressor};
use codec_core::{Error, Field, Protocol, Result, Writer};
use core::fmt;

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

    /// The names, in order (pointers resolved inside the value).
    pub fn names(&self) -> impl Iterator<Item = Name<'a>> + 'a {
        let data = self.0;
        let mut at = 0;
        core::iter::from_fn(move || {
            if at >= data.len() {
                return None;
            }
            let (name, next) = Name::parse(data, at).ok()?;
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

impl<'a> OptionValue<'a> for DomainSearch<'a> {
    /// At least one name; each name valid by the DNS rules ([`Name::parse`]: pointers
    /// backwards inside the value, at most 126 followed, labels up to 63 and names up to 255
    /// bytes), the names filling the value exactly. Errors are attributed to DHCP, with
    /// offsets in the value.
    fn parse_value(data: &'a [u8]) -> Result<Self> {
        if data.is_empty() {
            return Err(Error::bad_length(Protocol::Dhcp, 0, Field::OptionLength, 0));
        }
        let mut at = 0;
        while at < data.len() {
            at = Name::parse(data, at)
                .map_err(|e| e.in_protocol(Protocol::Dhcp))?
                .1;
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

/// Writes the value of option 119 for `names` (dotted text, RFC 4343 escapes) into `out`,
/// compressed against the names before (RFC 3397 §2: pointer offsets count from the value's
/// first byte); returns its length. Write it with [`DhcpBuilder::option`](super::DhcpBuilder::option),
/// which splits a value over 255 bytes (RFC 3396).
///
/// # Errors
/// A name that is not valid (label over 63 bytes, name over 255), or a buffer error.
pub fn encode_domain_search(names: &[&str], out: &mut [u8]) -> Result<usize> {
    let mut w = Writer::new(Protocol::Dhcp, out);
    let mut table = NameCompressor::<32>::new();
    for name in names {
        table
            .write_dotted(&mut w, 0, name)
            .map_err(|e| e.in_protocol(Protocol::Dhcp))?;
    }
    Ok(w.position())
}
