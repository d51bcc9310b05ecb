//! The Internet checksum (RFC 1071 one's complement sum) of ours, smoltcp's and etherparse's
//! on the same bytes, and PPP's FCS-16/32 (ours only: ppproto is not a dependency).
//!
//! Inputs come from `../shared/vectors/data1514.hex`: its IPv4 header (20 B) and the first
//! 64, 576 and 1480 bytes of its TCP segment (offset 34). Each function sums the raw bytes,
//! no pseudo-header. smoltcp's `wire::checksum::data` and ours return the sum; etherparse's
//! `Sum16BitWords::ones_complement` returns its complement in the byte order of its
//! native-endian sum (byte-swapped on little-endian machines, to be stored with
//! `to_ne_bytes`): a `not` more, no difference in time.
//!
//! ```text
//! cargo bench -p codec-benches --bench checksum -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use codec_benches::data1514;
use codec_core::{checksum, fcs};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The checksum inputs: (size, bytes).
fn inputs() -> Vec<(usize, Vec<u8>)> {
    let frame = data1514().expect("data1514.hex is valid hex");
    assert_eq!(frame.len(), 1514);
    let mut v = vec![(20, frame[14..34].to_vec())];
    for size in [64, 576, 1480] {
        v.push((size, frame[34..34 + size].to_vec()));
    }
    v
}

fn bench_checksum(c: &mut Criterion) {
    let mut group = c.benchmark_group("checksum");
    for (size, data) in inputs() {
        // The three agree before they are timed.
        let ours = checksum::ones_complement_sum(&data);
        assert_eq!(
            smoltcp::wire::checksum::data(&data),
            ours,
            "smoltcp at {size}"
        );
        assert_eq!(
            u16::from_be(
                etherparse::checksum::Sum16BitWords::new()
                    .add_slice(&data)
                    .ones_complement()
            ),
            !ours,
            "etherparse at {size}"
        );
        if size == 20 {
            assert_eq!(ours, 0xffff, "the IPv4 header verifies");
        }

        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("ours", size), &data, |b, d| {
            b.iter(|| black_box(checksum::ones_complement_sum(black_box(d.as_slice()))));
        });
        group.bench_with_input(BenchmarkId::new("smoltcp", size), &data, |b, d| {
            b.iter(|| black_box(smoltcp::wire::checksum::data(black_box(d.as_slice()))));
        });
        group.bench_with_input(BenchmarkId::new("etherparse", size), &data, |b, d| {
            b.iter(|| {
                black_box(
                    etherparse::checksum::Sum16BitWords::new()
                        .add_slice(black_box(d.as_slice()))
                        .ones_complement(),
                )
            });
        });
    }
    group.finish();
}

fn bench_fcs(c: &mut Criterion) {
    let frame = data1514().expect("data1514.hex is valid hex");
    let mut group = c.benchmark_group("fcs");
    for size in [64usize, 1500] {
        let data = &frame[..size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("fcs16", size), data, |b, d| {
            b.iter(|| black_box(fcs::fcs16(black_box(d))));
        });
        group.bench_with_input(BenchmarkId::new("fcs32", size), data, |b, d| {
            b.iter(|| black_box(fcs::fcs32(black_box(d))));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_checksum, bench_fcs);
criterion_main!(benches);
