//! The DHCP codec allocates nothing: decoding `../shared/vectors/dhcp_{discover,ack}.bin`
//! with every option walked, joined and typed, and encoding them again (repr, builder with
//! typed options, relay rewrite), under a global allocator that counts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use codec_app::dhcp::relay::{AgentInfoPolicy, set_agent_info};
use codec_app::dhcp::{DhcpBuilder, DhcpOption, DhcpPacket, DhcpRepr};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::hint::black_box;

/// Counts every allocation of the test binary.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

static DISCOVER: &[u8] = include_bytes!("../../../shared/vectors/dhcp_discover.bin");
static ACK: &[u8] = include_bytes!("../../../shared/vectors/dhcp_ack.bin");

/// Decode with every option typed, then encode three ways; returns bytes written.
fn work(bytes: &[u8], out: &mut [u8], scratch: &mut [u8]) -> usize {
    let p = DhcpPacket::parse(bytes).unwrap();
    let mut typed = 0;
    for o in p.merged() {
        let t = o.typed(scratch).unwrap();
        black_box(&t);
        typed += 1;
    }
    assert!(typed >= 7);
    let r = DhcpRepr::parse(&p).unwrap();
    let n = r.emit(out).unwrap();
    assert_eq!(&out[..n], bytes);

    let mut b = DhcpBuilder::new(out, &r).unwrap();
    for o in p.merged() {
        let v = o.single().unwrap();
        b.typed(&DhcpOption::parse(o.code(), v).unwrap()).unwrap();
    }
    let m = b.finish().unwrap();
    assert_eq!(m, n);

    set_agent_info(bytes, &[1, 2, b'p', b'1'], AgentInfoPolicy::Append, out).unwrap()
}

#[test]
fn decode_walk_and_encode_allocate_nothing() {
    let mut out = [0u8; 600];
    let mut scratch = [0u8; 64];
    // Warm up whatever the test harness allocates lazily.
    black_box(work(DISCOVER, &mut out, &mut scratch));
    for bytes in [DISCOVER, ACK] {
        let region = Region::new(GLOBAL);
        let n = work(black_box(bytes), &mut out, &mut scratch);
        let stats = region.change();
        assert_eq!(n, bytes.len() + 6);
        assert_eq!(
            (
                stats.allocations,
                stats.reallocations,
                stats.bytes_allocated
            ),
            (0, 0, 0),
            "allocations during decode + walk + encode"
        );
    }
    // The counter counts: a Vec allocates once.
    let region = Region::new(GLOBAL);
    black_box(vec![1u8; 10]);
    assert_eq!(region.change().allocations, 1);
}
