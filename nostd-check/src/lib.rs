//! Proof that the codec crates are `#![no_std]` all the way down.
#![no_std]

use codec_link::ethernet::{EtherType, EthernetFrame};

/// Parses an Ethernet frame and returns its EtherType, or 0.
pub fn ethertype_of(frame: &[u8]) -> u16 {
    EthernetFrame::parse(frame).map_or(0, |f| f.ethertype().value())
}

/// Whether a frame carries ARP.
pub fn is_arp(frame: &[u8]) -> bool {
    ethertype_of(frame) == EtherType::Arp.value()
}

/// The Internet checksum of some bytes.
pub fn checksum(data: &[u8]) -> u16 {
    codec_core::checksum::internet_checksum(data)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
