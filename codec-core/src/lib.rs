//! # codec-core
//!
//! What every codec of the family speaks: the one [`Error`] type (protocol, byte offset,
//! kind), bounds-checked [`Reader`] and [`Writer`], the Internet [`checksum`] (RFC 1071,
//! with the RFC 1624 incremental update and the IPv4/IPv6 pseudo-headers), PPP's frame check
//! sequences ([`fcs`], RFC 1662) and the generic [`tlv`] walkers.
//!
//! `#![no_std]`, no `unsafe`, no allocation, no panics on any input.
//!
//! ```
//! use codec_core::{checksum, fcs, Protocol, Reader};
//!
//! // RFC 1071 §3's example: the one's complement sum of these words is 0xddf2.
//! let words = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
//! assert_eq!(checksum::ones_complement_sum(&words), 0xddf2);
//! assert_eq!(checksum::internet_checksum(&words), !0xddf2);
//!
//! // RFC 1662: a frame followed by its FCS-16 leaves the good residue.
//! let mut frame = *b"\xff\x03\xc0\x21\x09\x01\x00\x08\x12\x34\x56\x78\0\0";
//! let fcs = fcs::fcs16(&frame[..12]);
//! frame[12..].copy_from_slice(&fcs.to_le_bytes());
//! assert!(fcs::fcs16_is_good(&frame));
//!
//! let mut r = Reader::new(Protocol::Lcp, &frame[4..]);
//! assert_eq!(r.read_u8()?, 9); // Echo-Request
//! # Ok::<(), codec_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

pub mod buf;
pub mod checksum;
pub mod error;
pub mod fcs;
pub mod registry;
pub mod tlv;

pub use buf::{Reader, Writer, split_at, split_header};
pub use error::{Error, ErrorKind, Field, Protocol, Result};
