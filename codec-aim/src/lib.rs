//! # codec-aim
//!
//! Zero-copy, `no_std` codecs for AOL's OSCAR protocol: FLAP framing, SNAC headers, TLV
//! chains, ICBM rendezvous proposals (with in-place address rewriting for NAT proxies), the
//! OFT2 file-transfer header and checksum, the rendezvous proxy protocol and ODC.
//!
//! This crate is being built: the shared machinery it stands on is in [`codec_core`].
//!
//! ```
//! // OSCAR TLVs are 2-byte type, 2-byte length, walked by codec-core.
//! use codec_core::tlv::{TlvFormat, Tlvs};
//! let tlv = [0x00, 0x01, 0x00, 0x02, b'h', b'i'];
//! let first = Tlvs::new(TlvFormat::TYPE16_LEN16, &tlv).next().unwrap().unwrap();
//! assert_eq!((first.kind, first.value), (1, &b"hi"[..]));
//! ```
#![no_std]
#![forbid(unsafe_code)]

#[cfg(test)]
extern crate std;

pub mod flap;
pub mod snac;
pub mod tlv;
