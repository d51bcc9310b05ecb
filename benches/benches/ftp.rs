//! Decoding the reply side of an FTP control connection: ours
//! ([`codec_app::ftp::Decoder`], whole replies with their multi-line structure) beside a
//! bare line splitter written here (`memchr` for LF, three digits read, nothing checked),
//! on the same bytes in the same run.
//!
//! The input: the nine replies of the seed trace's FTP session
//! ([`codec_benches::seed_story_ftp`]) followed by a multi-line FEAT reply of
//! `ftp_lftp.pcap`, repeated to 8 KiB; each decoder gets it as one chunk.
//!
//! No Rust FTP crate decodes replies outside a client connection (suppaftp reads them
//! from its socket line by line), so the baseline is the floor any decoder stands on.
//!
//! ```text
//! cargo bench -p codec-benches --bench ftp
//! ```
//!
//! One run on the shared 2-core machine (load average about 5, criterion medians): ours
//! 11.6 µs (687 MiB/s), the bare line splitter 3.29 µs (2.37 GiB/s): ours at 0.28x, the
//! price of finding each reply's end and then checking the reply whole (every line's head,
//! the terminal line) before handing it out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use codec_app::ftp::{Decoder, Direction, Event};
use codec_benches::seed_story_ftp;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const FEAT: &[u8] = b"211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n";

fn ours(d: &mut Decoder, input: &[u8]) -> u32 {
    let mut sum = 0;
    let mut rest = input;
    while let Some(e) = d.decode(&mut rest) {
        if let Event::Reply(r) = e {
            sum += u32::from(r.code().value());
        }
    }
    sum
}

/// Lines up to LF, the code of each line that starts with three digits and a space.
fn line_split(input: &[u8]) -> u32 {
    let mut sum = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', input) {
        let line = &input[start..end];
        if line.len() >= 4 && line[3] == b' ' && line[..3].iter().all(u8::is_ascii_digit) {
            sum += line[..3]
                .iter()
                .fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'));
        }
        start = end + 1;
    }
    sum
}

fn ftp(c: &mut Criterion) {
    let mut block = seed_story_ftp(true).unwrap();
    block.extend_from_slice(FEAT);
    let mut input = Vec::new();
    while input.len() < 8 * 1024 {
        input.extend_from_slice(&block);
    }
    let mut d: Decoder = Decoder::new(Direction::Replies, [0; 8192]);
    assert_eq!(ours(&mut d, &input), line_split(&input));
    let mut g = c.benchmark_group("ftp/replies");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("ours", |b| b.iter(|| ours(&mut d, black_box(&input))));
    g.bench_function("line_split", |b| b.iter(|| line_split(black_box(&input))));
    g.finish();
}

criterion_group!(benches, ftp);
criterion_main!(benches);
