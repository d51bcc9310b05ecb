//! Parsing the link layer of one frame: ours, smoltcp's and etherparse's on the same bytes.
//!
//! Inputs: the SYN74 frame of `../shared/vectors/syn74.hex` (Ethernet II, untagged) and the
//! same frame with one IEEE 802.1Q tag (TPID 0x8100, TCI 0x0066: VLAN 102) inserted after the
//! MAC addresses. Each parser validates the header lengths and reads the EtherType after the
//! tags, the payload length and, when tagged, the VLAN id; each is one `#[inline(never)]`
//! function, called once per iteration, whose result goes through `black_box`.
//!
//! smoltcp 0.14's `EthernetFrame` has no VLAN support (a tagged frame is an Ethernet II
//! frame of type 0x8100 to it), so it is timed on the untagged frame only.
//!
//! ```text
//! cargo bench -p codec-benches --bench ethernet -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use codec_benches::{syn74, with_vlan_tag};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// What every parser reports, packed into one `u64` so that it comes back in a register:
/// the EtherType after the tags (bits 48..64), the VLAN id of the outermost tag or 0xffff
/// when untagged (bits 32..48) and the payload length (bits 0..32); 0 if the frame was
/// rejected. (Returned as a three-field struct, through memory, the result cost about 9 ns
/// per call for every crate on the benchmark machine: more than the parses themselves.)
#[inline(always)]
fn summary(ethertype: u16, vlan_id: Option<u16>, payload_len: usize) -> u64 {
    (u64::from(ethertype) << 48)
        | (u64::from(vlan_id.unwrap_or(0xffff)) << 32)
        | (payload_len as u64 & 0xffff_ffff)
}

#[inline(never)]
fn ours(bytes: &[u8]) -> u64 {
    let Ok(frame) = codec_link::ethernet::EthernetFrame::parse(bytes) else {
        return 0;
    };
    // The number itself: `ethertype().value()` would go through the registry and back.
    summary(
        frame.ethertype_raw(),
        frame.vlan_tags().first().map(|tag| tag.vid()),
        frame.payload().len(),
    )
}

#[inline(never)]
fn smoltcp(bytes: &[u8]) -> u64 {
    let Ok(frame) = smoltcp::wire::EthernetFrame::new_checked(bytes) else {
        return 0;
    };
    summary(u16::from(frame.ethertype()), None, frame.payload().len())
}

#[inline(never)]
fn etherparse(bytes: &[u8]) -> u64 {
    use etherparse::{EtherType, Ethernet2Slice, SingleVlanSlice};
    // The link layer only: `SlicedPacket::from_ethernet` would go on into IP and TCP.
    let Ok(eth) = Ethernet2Slice::from_slice_without_fcs(bytes) else {
        return 0;
    };
    match eth.ether_type() {
        EtherType::VLAN_TAGGED_FRAME
        | EtherType::PROVIDER_BRIDGING
        | EtherType::VLAN_DOUBLE_TAGGED_FRAME => {
            let Ok(vlan) = SingleVlanSlice::from_slice(eth.payload_slice()) else {
                return 0;
            };
            summary(
                vlan.ether_type().0,
                Some(vlan.vlan_identifier().value()),
                vlan.payload_slice().len(),
            )
        }
        ether_type => summary(ether_type.0, None, eth.payload_slice().len()),
    }
}

fn bench_ethernet_parse(c: &mut Criterion) {
    let untagged = syn74().expect("syn74.hex is valid hex");
    let tagged = with_vlan_tag(&untagged, 0x8100, 0x0066).expect("frame holds the addresses");

    // All parsers agree before they are timed: IPv4, 60 payload bytes, VLAN 102.
    assert_eq!(ours(&untagged), summary(0x0800, None, 60));
    assert_eq!(smoltcp(&untagged), ours(&untagged));
    assert_eq!(etherparse(&untagged), ours(&untagged));
    assert_eq!(ours(&tagged), summary(0x0800, Some(0x066), 60));
    assert_eq!(etherparse(&tagged), ours(&tagged));

    let mut group = c.benchmark_group("ethernet_parse");
    group.throughput(Throughput::Elements(1));
    for (name, frame) in [("syn74", &untagged), ("syn74_vlan", &tagged)] {
        group.bench_with_input(BenchmarkId::new("ours", name), frame, |b, f| {
            b.iter(|| black_box(ours(black_box(f.as_slice()))));
        });
        if name == "syn74" {
            // smoltcp has no 802.1Q support: untagged only.
            group.bench_with_input(BenchmarkId::new("smoltcp", name), frame, |b, f| {
                b.iter(|| black_box(smoltcp(black_box(f.as_slice()))));
            });
        }
        group.bench_with_input(BenchmarkId::new("etherparse", name), frame, |b, f| {
            b.iter(|| black_box(etherparse(black_box(f.as_slice()))));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ethernet_parse);
criterion_main!(benches);
