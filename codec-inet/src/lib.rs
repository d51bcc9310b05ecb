//! # codec-inet
//!
//! Zero-copy, `no_std` codecs for the Internet layer and transport: IPv4 (options,
//! fragments), IPv6 with its extension headers, ICMPv4/ICMPv6, TCP with all its options,
//! UDP, GRE (RFC 2784/2890 and PPTP's enhanced GRE) and Van Jacobson TCP/IP header
//! compression (RFC 1144).
//!
//! ```
//! use codec_inet::ip::IpProtocol;
//! // The checksum these codecs fill and verify is codec-core's RFC 1071 sum.
//! let ipv4_header = [
//!     0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x26, 0x8f,
//!     0xc0, 0xa8, 0x01, 0x64, 0x5d, 0xb8, 0xd8, 0x22,
//! ];
//! assert_eq!(codec_core::checksum::internet_checksum(&ipv4_header), 0);
//! assert_eq!(IpProtocol::from(ipv4_header[9]), IpProtocol::Tcp);
//! ```
#![no_std]
#![forbid(unsafe_code)]

// Tests use std, and so does the code `#[derive(arbitrary::Arbitrary)]` generates.
#[cfg(any(test, feature = "arbitrary"))]
extern crate std;

pub mod builder;
pub mod gre;
pub mod icmpv4;
pub mod icmpv6;
pub mod ip;
pub mod ipv4;
pub mod ipv6;
pub mod pseudo;
pub mod tcp;
pub mod udp;
pub mod vj;
