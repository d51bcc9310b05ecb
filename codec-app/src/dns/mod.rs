//! The Domain Name System (RFC 1035 and its successors): names with safe decompression.
//!
//! [`name`] holds the validated, possibly compressed [`Name`](name::Name) and the name
//! writers (uncompressed, and compressing with a fixed table).
//!
//! ```
//! use codec_app::dns::name::Name;
//! let message = b"\x03www\x07example\x03com\x00\xc0\x04";
//! let (name, end) = Name::parse(message, 17)?;
//! assert_eq!((name.to_string().as_str(), end), ("example.com", 19));
//! # Ok::<(), codec_core::Error>(())
//! ```

pub mod name;

pub use name::{Name, NameBuf, NameCompressor, NameRules, PointerPolicy};
