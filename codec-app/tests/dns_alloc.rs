//! Decoding and encoding `dns_response.bin` allocate nothing: a counting global allocator
//! (`stats_alloc`) counts the allocations made while the work runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_app::dns::rdata::RData;
use codec_app::dns::{Message, Name, NameCompressor};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations made while `f` runs. The counter is global: the test
/// harness's own threads may allocate meanwhile, so the work runs 5 times and the least
/// count is kept (our code allocates the same on every run; noise can only add).
fn allocations(mut f: impl FnMut()) -> usize {
    (0..5)
        .map(|_| {
            let region = Region::new(GLOBAL);
            f();
            let change = region.change();
            change.allocations + change.reallocations
        })
        .min()
        .unwrap_or(usize::MAX)
}

static RESPONSE: &[u8] = include_bytes!("../../../shared/vectors/dns_response.bin");

/// Every name's labels and every typed RDATA field, summed so nothing is optimised away.
fn walk(m: &Message<'_>) -> usize {
    let name_len = |n: &Name<'_>| n.labels().map(<[u8]>::len).sum::<usize>();
    let mut total = 0;
    for q in m.questions() {
        total += name_len(&q.name) + usize::from(q.qtype.value());
    }
    for (_, r) in m.all_records() {
        total += name_len(&r.name) + r.ttl as usize;
        total += match r.data() {
            RData::A(a) => usize::from(a.octets()[3]),
            RData::Aaaa(a) => usize::from(a.octets()[15]),
            RData::Cname(n) | RData::Ns(n) => name_len(&n),
            RData::Opt(o) => o.options().count(),
            other => panic!("unexpected {other:?}"),
        };
    }
    total
}

#[test]
fn decode_and_encode_allocate_nothing() {
    // Warm up anything lazily initialised (thread locals, the test harness).
    let mut out = [0u8; 512];
    let m = Message::parse(RESPONSE).unwrap();
    let expected = walk(&m);

    let mut sum = 0;
    let n = allocations(|| {
        let m = Message::parse(RESPONSE).unwrap();
        sum = walk(&m);
    });
    assert_eq!(n, 0, "decode allocated");
    assert_eq!(sum, expected);

    let mut len = 0;
    let n = allocations(|| {
        let m = Message::parse(RESPONSE).unwrap();
        len = m.emit_compressed(&mut out).unwrap();
    });
    assert_eq!(n, 0, "encode allocated");
    assert_eq!(&out[..len], RESPONSE);

    // The name writer alone, too.
    let n = allocations(|| {
        let mut w = codec_core::Writer::new(codec_core::Protocol::Dns, &mut out);
        let mut c = NameCompressor::<8>::new();
        c.write_dotted(&mut w, 0, "www.example.com").unwrap();
        c.write_dotted(&mut w, 0, "mail.example.com").unwrap();
    });
    assert_eq!(n, 0);

    // The counter works: a Vec allocates.
    let n = allocations(|| {
        let v: Vec<u8> = Vec::with_capacity(std::hint::black_box(16));
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
}
