//! # codec-app
//!
//! Zero-copy, `no_std` codecs for the application protocols of a classic trace: DNS with
//! name compression on read and write, DHCP (BOOTP, every option, overload and RFC 3396 long
//! options), the FTP and telnet control channels, and MSN messenger command lines.
//!
//! This crate is being built: the shared machinery it stands on is in [`codec_core`].
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
