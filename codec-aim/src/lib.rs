//! # codec-aim
//!
//! Zero-copy, `no_std` codecs for AOL's OSCAR protocol (AIM and ICQ), after the field
//! tables of `../shared/notes/oscar-ppp-telnet-ftp.md` §1:
//!
//! - [`flap`]: FLAP framing, with a push [`flap::Deframer`] for the TCP stream;
//! - [`snac`]: SNAC headers (the 0x8000 TLV block skipped by its own length);
//! - [`tlv`]: TLV chains in their three forms (rest, count-prefixed, length-prefixed);
//! - [`icbm`]: ICBM 4/6 and 4/7, channel-1 text, channel-2 rendezvous blocks with typed
//!   inner TLVs and capabilities;
//! - [`rewrite`]: in-place rewriting of the client address of a rendezvous proposal for a
//!   NAT proxy (the successor of ReAIM), with the XOR checks kept consistent;
//! - [`oft`]: the OFT2 file-transfer header and the OFT checksum;
//! - [`proxy`]: the rendezvous proxy (ARS) handshake;
//! - [`odc`]: the ODC2 Direct IM header.
//!
//! Every decoder is a view over the caller's bytes validated once; every builder writes
//! into the caller's buffer. No allocation, no `unsafe`, no panics on any input.
//!
//! ```
//! use codec_aim::flap::{Deframer, Event, FlapChannel};
//! use codec_aim::snac::{Family, SnacPacket};
//! use codec_aim::icbm::IcbmMessage;
//!
//! // Build a channel-1 IM (SNAC 4/6) inside a FLAP with the builders...
//! let tlvs = [0x00, 0x03, 0x00, 0x00]; // request host ack
//! let icbm = IcbmMessage {
//!     cookie: *b"6449261\0",
//!     channel: codec_aim::icbm::IcbmChannel::Im,
//!     screen_name: b"461758769",
//!     tlvs: codec_aim::tlv::TlvChain::parse(&tlvs)?,
//! };
//! let snac = codec_aim::snac::SnacRepr {
//!     family: Family::Icbm,
//!     subtype: 6,
//!     flags: codec_aim::snac::SnacFlags::empty(),
//!     request_id: 86,
//!     optional_tlvs: None,
//!     data: &[],
//! };
//! let mut wire = [0u8; 64];
//! let n = codec_aim::flap::emit_with(FlapChannel::Data, 73, snac.buffer_len() + icbm.buffer_len(),
//!     &mut wire, |payload| {
//!         let mut w = codec_core::Writer::new(codec_core::Protocol::Snac, payload);
//!         snac.emit_header(&mut w)?;
//!         icbm.emit(w.reserve(icbm.buffer_len())?)?;
//!         Ok(())
//!     })?;
//!
//! // ...and read it back from the stream, cut in two.
//! let mut deframer = Deframer::new([0u8; 128]);
//! let mut seen = 0;
//! for chunk in [&wire[..5], &wire[5..n]] {
//!     deframer.push(chunk, |event| {
//!         let Event::Frame(frame) = event else { return };
//!         let snac = SnacPacket::parse(frame.payload).unwrap();
//!         assert_eq!((snac.family(), snac.subtype(), snac.request_id()), (Family::Icbm, 6, 86));
//!         let im = IcbmMessage::parse(snac.data()).unwrap();
//!         assert_eq!(im.screen_name, b"461758769");
//!         seen += 1;
//!     });
//! }
//! assert_eq!(seen, 1);
//! # Ok::<(), codec_core::Error>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]

// Tests, and the `arbitrary` derives (whose expansion names `std`), need the standard
// library; the codecs themselves never touch it.
#[cfg(any(test, feature = "arbitrary"))]
extern crate std;

pub mod flap;
pub mod icbm;
pub mod odc;
pub mod oft;
pub mod proxy;
pub mod rewrite;
pub mod snac;
pub mod tlv;
