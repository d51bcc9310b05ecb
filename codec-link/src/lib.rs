//! # codec-link
//!
//! Zero-copy, `no_std` codecs for the link layer: [Ethernet II](ethernet) with any number
//! of IEEE 802.1Q / 802.1ad tags, [ARP](arp), [PPP](ppp) with its control protocols
//! (LCP, IPCP, IPV6CP, CCP), PAP and CHAP, and [PPPoE](pppoe).
//!
//! Every protocol module has the same shape: a zerocopy header struct, a view over
//! `&[u8]` / `&mut [u8]` validated once by `parse`, a `Copy` repr with `parse`,
//! `buffer_len` and `emit`, and `Display`.
//!
//! ```
//! use codec_link::arp::{ArpOperation, ArpRepr};
//! use codec_link::ethernet::{EtherType, EthernetFrame, EthernetRepr, MacAddr};
//! use core::net::Ipv4Addr;
//!
//! // Build a broadcast ARP request, then dissect it.
//! let me = MacAddr([0x00, 0x04, 0x61, 0x99, 0x01, 0x54]);
//! let arp = ArpRepr::EthernetIpv4 {
//!     operation: ArpOperation::Request,
//!     source_hardware_addr: me,
//!     source_protocol_addr: Ipv4Addr::new(192, 168, 1, 202),
//!     target_hardware_addr: MacAddr::ZERO,
//!     target_protocol_addr: Ipv4Addr::new(192, 168, 1, 214),
//! };
//! let eth = EthernetRepr { dst: MacAddr::BROADCAST, src: me, vlan_tags: &[], ethertype: EtherType::Arp };
//! let mut buf = [0u8; 60];
//! let len = eth.emit_frame(&mut buf, arp.buffer_len(), |payload| arp.emit(payload).map(|_| ()))?;
//! assert_eq!(len, 60); // padded to the Ethernet minimum
//!
//! let frame = EthernetFrame::parse(&buf[..len])?;
//! assert_eq!(frame.ethertype(), EtherType::Arp);
//! let packet = codec_link::arp::ArpPacket::parse(frame.payload())?;
//! assert_eq!(packet.to_string(), "ARP Request who-has 192.168.1.214 tell 192.168.1.202");
//! # Ok::<(), codec_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

// Tests use std, and so does the code `#[derive(arbitrary::Arbitrary)]` generates.
#[cfg(any(test, feature = "arbitrary"))]
extern crate std;

pub mod arp;
pub mod ethernet;
pub mod ppp;
pub mod pppoe;
