//! Decoding a telnet stream: ours ([`codec_app::telnet::Decoder`]) beside a bare `memchr`
//! scan for IAC over the same buffer (the floor any decoder that looks at every byte
//! stands on) and beside libtelnet-rs 2.0 (`Parser::receive`), in one criterion group per
//! input:
//!
//! - `plain`: 16 KiB of terminal text without IAC ([`codec_benches::telnet_plain_text`]):
//!   what a server sends once negotiation is over. Issue 7 asks for ours at half the
//!   throughput of the memchr scan or better;
//! - `negotiation`: 16 KiB of the nDPI session's negotiations and subnegotiations with
//!   short data between them ([`codec_benches::telnet_negotiation_heavy`]).
//!
//! Each decoder is fed the whole buffer as one chunk and every event is consumed (data
//! bytes and events counted). libtelnet-rs allocates a `Vec` of events per call and copies
//! data into `Bytes`; it also gets subnegotiations wrong (see the notes §3.3), which does
//! not make it slower.
//!
//! ```text
//! cargo bench -p codec-benches --bench telnet
//! ```
//!
//! One run on the shared 2-core machine (load average about 5, criterion medians,
//! `--warm-up-time 1 --measurement-time 5`): `plain` ours 215.7 ns (70.7 GiB/s), memchr scan
//! 214.7 ns, libtelnet-rs 28.8 µs: ours at 1.00x the memchr scan's throughput and 134x
//! libtelnet-rs'; `negotiation` ours 16.3 µs (969 MiB/s), memchr (one call per IAC)
//! 28.4 µs, libtelnet-rs 236 µs: ours 1.7x the per-IAC memchr loop and 14.5x libtelnet-rs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use codec_app::telnet::{Decoder, Event, IAC};
use codec_benches::{telnet_negotiation_heavy, telnet_plain_text};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use libtelnet_rs::events::TelnetEvents;

const LEN: usize = 16 * 1024;

fn ours(d: &mut Decoder, input: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = input;
    while let Some(e) = d.decode(&mut rest) {
        n += match e {
            Event::Data(b) => b.len(),
            _ => 1,
        };
    }
    n
}

/// Every IAC of the buffer found with `memchr::memchr`, one call per IAC (one call over
/// the whole buffer for plain text).
fn memchr_scan(input: &[u8]) -> usize {
    let mut n = 0;
    let mut rest = input;
    while let Some(i) = memchr::memchr(IAC, rest) {
        n += 1;
        rest = &rest[i + 1..];
    }
    n
}

fn libtelnet(p: &mut libtelnet_rs::Parser, input: &[u8]) -> usize {
    p.receive(input)
        .iter()
        .map(|e| match e {
            TelnetEvents::DataReceive(b) => b.len(),
            _ => 1,
        })
        .sum()
}

fn bench_input(c: &mut Criterion, name: &str, input: &[u8]) {
    let mut g = c.benchmark_group(format!("telnet/{name}"));
    g.throughput(Throughput::Bytes(input.len() as u64));
    let mut d: Decoder = Decoder::default();
    g.bench_function("ours", |b| b.iter(|| ours(&mut d, black_box(input))));
    g.bench_function("memchr_scan", |b| b.iter(|| memchr_scan(black_box(input))));
    let mut p = libtelnet_rs::Parser::new();
    g.bench_function("libtelnet_rs", |b| {
        b.iter(|| libtelnet(&mut p, black_box(input)))
    });
    g.finish();
}

fn telnet(c: &mut Criterion) {
    let plain = telnet_plain_text(LEN);
    let mut d: Decoder = Decoder::default();
    assert_eq!(ours(&mut d, &plain), plain.len());
    assert_eq!(memchr_scan(&plain), 0);
    bench_input(c, "plain", &plain);
    let heavy = telnet_negotiation_heavy(LEN);
    assert!(ours(&mut d, &heavy) > 0 && d.is_idle());
    bench_input(c, "negotiation", &heavy);
}

criterion_group!(benches, telnet);
criterion_main!(benches);
