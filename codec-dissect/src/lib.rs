//! # codec-dissect
//!
//! The family's command-line dissector as a library: read a pcap or pcapng file
//! ([`capture`]), walk each frame's layers with the codec crates ([`dissect`]), and print a
//! readable layered decode or one JSON line per packet in the schema of Wireshark's
//! reference files ([`output`]).
//!
//! ```
//! use codec_dissect::dissect::{dissect, Options, LINKTYPE_ETHERNET};
//! // An ARP reply (packetnet_arp_request_response.pcap, frame 2).
//! let frame = [
//!     0x00, 0x04, 0x61, 0x99, 0x01, 0x54, 0x00, 0x21, 0x6a, 0x02, 0x08, 0x54, 0x08, 0x06,
//!     0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x00, 0x21, 0x6a, 0x02, 0x08, 0x54,
//!     0xc0, 0xa8, 0x01, 0xd6, 0x00, 0x04, 0x61, 0x99, 0x01, 0x54, 0xc0, 0xa8, 0x01, 0xca,
//! ];
//! let packet = dissect(2, LINKTYPE_ETHERNET, 42, &frame, &Options::default());
//! assert_eq!(packet.protocols(), "eth:arp");
//! assert_eq!(packet.to_json()["layers"][1]["spa"], "192.168.1.214");
//! ```
#![forbid(unsafe_code)]

pub mod capture;
pub mod decode_as;
pub mod demo;
mod demo_app;
pub mod dissect;
pub mod output;
pub mod reassembly;
pub mod sessions;
pub mod stream;
