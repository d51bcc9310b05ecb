//! # codec-app
//!
//! Zero-copy, `no_std` codecs for the application protocols of a classic trace: DNS with
//! name compression on read and write, DHCP (BOOTP, every option, overload and RFC 3396 long
//! options), the FTP and telnet control channels, and MSN messenger command lines.
//!
//! One module per protocol: [`dns`], [`dhcp`], [`ftp`], [`telnet`] (with the RFC 1143
//! Q-method in [`telnet::qmethod`]) and [`msnp`]; the machinery they share (errors, readers
//! and writers, TLV walks, registries) is in [`codec_core`]. Nothing here allocates or
//! panics, whatever the input; the stream decoders ([`ftp::Decoder`], [`telnet::Decoder`],
//! [`msnp::Decoder`], [`dns::tcp::Deframer`]) give the same events however the stream is
//! cut, within a buffer the caller provides.
//!
//! ## DNS
//!
//! [`dns`] checks a whole message once ([`dns::Message::parse`]) and then hands out its
//! sections as lazy iterators over the borrowed bytes, with typed RDATA and EDNS(0).
//! Names are decompressed safely: pointers only backwards (forward on request, for mDNS),
//! at most 126 hops, 255 octets after decompression, labels of 63, no 0x40/0x80 label
//! types, segments that never overlap; the work is linear in the message and nothing is
//! allocated, whatever the header counts say. [`dns::MessageBuilder`] writes messages into
//! a `&mut [u8]` with name compression through a fixed table, truncating at a record
//! boundary with TC when the buffer is full; [`dns::tcp`] frames messages for TCP.
//!
//! ```
//! use codec_app::dns::{Message, NameBuf, RrType};
//! use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
//! use codec_app::dns::{Class, Flags, Question};
//!
//! // Build a query, parse it back.
//! let name = NameBuf::from_dotted("www.example.com")?;
//! let mut buf = [0u8; 512];
//! let mut b = MessageBuilder::<8>::new(&mut buf, HeaderRepr::query(0x1234, Flags::RD))?;
//! b.question(&Question { name: name.as_name(), qtype: RrType::Aaaa, qclass: Class::In })?;
//! let n = b.finish()?;
//! let m = Message::parse(&buf[..n])?;
//! assert_eq!(m.to_string(), "Standard query 0x1234 AAAA www.example.com");
//!
//! // A pointer that loops is refused, with its offset.
//! let mut bad = buf;
//! bad[12..14].copy_from_slice(&[0xc0, 0x0c]);
//! let e = Message::parse(&bad[..n]).unwrap_err();
//! assert_eq!(e.to_string(), "DNS: compression pointer at byte 12 points forward to byte 12");
//! # Ok::<(), codec_core::Error>(())
//! ```
//!
//! ## DHCP options
//!
//! ```
//! // DHCP options are a TLV list with PAD and END, walked by codec-core.
//! use codec_core::tlv::{TlvFormat, Tlvs};
//! let options = [53, 1, 1, 255];
//! let kinds: Vec<u16> = Tlvs::new(TlvFormat::DHCP_OPTIONS, &options).map(|t| t.unwrap().kind).collect();
//! assert_eq!(kinds, [53, 255]);
//! ```
#![no_std]
#![forbid(unsafe_code)]

// Tests use std, and so does the code `#[derive(arbitrary::Arbitrary)]` generates.
#[cfg(any(test, feature = "arbitrary"))]
extern crate std;

pub mod dhcp;
pub mod dns;
pub mod ftp;
pub mod msnp;
pub mod telnet;
