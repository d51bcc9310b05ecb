//! DNS: ours beside hickory-proto 0.26, domain 0.12 and simple-dns 0.13 on the same bytes,
//! in one run: the jobs of issue 5's performance must-show, measured as
//! `../shared/notes/dns-dhcp.md` §2 measured them.
//!
//! Input: `../shared/vectors/dns_response.bin` (306 bytes, 14 compression pointers). Each
//! job of each crate is one `#[inline(never)]` function over `black_box`ed bytes whose
//! answer comes back through `black_box`; before anything is timed every crate's answer is
//! checked.
//!
//! Groups:
//! - `dns_decode`: full validating decode: every question and record, every name (RDATA
//!   names included) checked, every record typed. Ours: `Message::parse` (which checks
//!   everything), then every record's typed `data()`;
//!   hickory: `Message::from_vec` (owned, fully typed); domain: `Message::from_octets`,
//!   the questions, and every record of the three sections as `AllRecordData<&[u8],
//!   ParsedName<&[u8]>>` (names checked, not copied); simple-dns: `Packet::parse`.
//! - `dns_encode`: the same content written with name compression, 306 bytes. Ours: the
//!   `MessageBuilder` into a stack buffer from prepared `RecordRepr`s (and, as a second
//!   line, `Message::emit_compressed` re-encoding a parsed message, its typed decode
//!   included); simple-dns: `build_bytes_vec_compressed` of a parsed `Packet`.
//! - `dns_pointer_chain`: ours on three 64 KiB messages: `benign` (4 000 A records whose
//!   owners point at one plain name), `chain126` (the same records pointing at the top of a
//!   125-pointer chain: 126 hops per owner, the most this codec follows, every owner legal) and `chain8000` (the notes' attack: an 8 000-pointer chain, refused at the
//!   first owner); and the anchors on `chain8000`, which they walk to the end.
//!
//! ```text
//! nice cargo bench -p codec-benches --bench dns
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::hint::black_box;

use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
use codec_app::dns::rdata::RData;
use codec_app::dns::{Message, Name, Question, RecordRepr, Section};
use codec_benches::{dns_pointer_chain, dns_response};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Names were checked by the parse; here each is only touched (its offset), as the
/// anchors' names are (hickory's and simple-dns's label counts are stored).
fn labels(n: &Name<'_>) -> usize {
    n.offset()
}

/// Ours: parse and check, then type every record and walk every name.
#[inline(never)]
fn ours_decode(bytes: &[u8]) -> usize {
    let Ok(m) = Message::parse(bytes) else {
        return 0;
    };
    let mut total = 0;
    for q in m.questions() {
        total += labels(&q.name) + usize::from(q.qtype.value());
    }
    for (_, r) in m.all_records() {
        total += labels(&r.name) + r.ttl as usize;
        total += match r.data() {
            RData::A(a) => usize::from(a.octets()[3]),
            RData::Aaaa(a) => usize::from(a.octets()[15]),
            RData::Ns(n) | RData::Cname(n) | RData::Ptr(n) => labels(&n),
            RData::Opt(o) => o.options().count(),
            _ => 1,
        };
    }
    total
}

#[inline(never)]
fn hickory_decode(bytes: &[u8]) -> usize {
    use hickory_proto::rr::RData as H;
    let Ok(m) = hickory_proto::op::Message::from_vec(bytes) else {
        return 0;
    };
    let mut total = 0;
    for q in &m.queries {
        total += q.name().num_labels() as usize + usize::from(u16::from(q.query_type()));
    }
    for r in m.answers.iter().chain(&m.authorities).chain(&m.additionals) {
        total += r.name.num_labels() as usize + r.ttl as usize;
        total += match &r.data {
            H::A(a) => usize::from(a.0.octets()[3]),
            H::AAAA(a) => usize::from(a.0.octets()[15]),
            H::NS(n) => n.0.num_labels() as usize,
            H::CNAME(n) => n.0.num_labels() as usize,
            _ => 1,
        };
    }
    total + m.edns.as_ref().map_or(0, |e| e.options().as_ref().len())
}

#[inline(never)]
fn domain_decode(bytes: &[u8]) -> usize {
    use domain::base::{Message as DMessage, ParsedName};
    use domain::rdata::AllRecordData;
    let Ok(m) = DMessage::from_octets(bytes) else {
        return 0;
    };
    let Ok((question, answer, authority, additional)) = m.sections() else {
        return 0;
    };
    let mut total = 0;
    for q in question {
        let Ok(q) = q else { return 0 };
        total += q.qname().label_count() + usize::from(q.qtype().to_int());
    }
    for section in [answer, authority, additional] {
        for r in section.limit_to::<AllRecordData<&[u8], ParsedName<&[u8]>>>() {
            let Ok(r) = r else { return 0 };
            total += r.owner().label_count() + r.ttl().as_secs() as usize;
            total += match r.data() {
                AllRecordData::A(a) => usize::from(a.addr().octets()[3]),
                AllRecordData::Aaaa(a) => usize::from(a.addr().octets()[15]),
                AllRecordData::Ns(n) => n.nsdname().label_count(),
                AllRecordData::Cname(n) => n.cname().label_count(),
                AllRecordData::Opt(o) => o.iter::<domain::base::opt::AllOptData<_, _>>().count(),
                _ => 1,
            };
        }
    }
    total
}

#[inline(never)]
fn simple_dns_decode(bytes: &[u8]) -> usize {
    use simple_dns::rdata::RData as S;
    let Ok(p) = simple_dns::Packet::parse(bytes) else {
        return 0;
    };
    let mut total = 0;
    for q in &p.questions {
        total += q.qname.get_labels().len() + usize::from(u16::from(q.qtype));
    }
    for r in p
        .answers
        .iter()
        .chain(&p.name_servers)
        .chain(&p.additional_records)
    {
        total += r.name.get_labels().len() + r.ttl as usize;
        total += match &r.rdata {
            S::A(a) => (a.address & 0xff) as usize,
            S::AAAA(a) => (a.address & 0xff) as usize,
            S::NS(n) => n.0.get_labels().len(),
            S::CNAME(n) => n.0.get_labels().len(),
            _ => 1,
        };
    }
    total + p.opt().map_or(0, |o| o.opt_codes.len())
}

/// Ours: the builder from prepared reprs into a stack buffer.
#[inline(never)]
fn ours_encode(
    header: HeaderRepr,
    q: &Question<'_>,
    records: &[(Section, RecordRepr<'_>)],
) -> usize {
    let mut out = [0u8; 512];
    let mut b = MessageBuilder::<32>::new(&mut out, header).unwrap();
    b.question(q).unwrap();
    for (s, r) in records {
        b.record(*s, r).unwrap();
    }
    let n = b.finish().unwrap();
    black_box(&out);
    n + usize::from(out[n - 1])
}

/// Ours: re-encoding a parsed message (typed decode of every record included).
#[inline(never)]
fn ours_reencode(m: &Message<'_>) -> usize {
    let mut out = [0u8; 512];
    let n = m.emit_compressed(&mut out).unwrap();
    black_box(&out);
    n + usize::from(out[n - 1])
}

#[inline(never)]
fn simple_dns_encode(p: &simple_dns::Packet<'_>) -> usize {
    let v = p.build_bytes_vec_compressed().unwrap();
    v.len() + usize::from(v[v.len() - 1])
}

fn decode(c: &mut Criterion) {
    let bytes = dns_response();
    let ours = ours_decode(bytes);
    assert!(ours > 0);
    for (name, f) in [
        ("hickory-proto", hickory_decode as fn(&[u8]) -> usize),
        ("domain", domain_decode),
        ("simple-dns", simple_dns_decode),
    ] {
        assert!(f(bytes) > 0, "{name} refused the vector");
    }
    let mut g = c.benchmark_group("dns_decode");
    g.bench_function("ours", |b| b.iter(|| ours_decode(black_box(bytes))));
    g.bench_function("hickory-proto", |b| {
        b.iter(|| hickory_decode(black_box(bytes)))
    });
    g.bench_function("domain", |b| b.iter(|| domain_decode(black_box(bytes))));
    g.bench_function("simple-dns", |b| {
        b.iter(|| simple_dns_decode(black_box(bytes)))
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let bytes = dns_response();
    let m = Message::parse(bytes).unwrap();
    let header = HeaderRepr::of(&m);
    let q = m.questions().next().unwrap();
    let records: Vec<(Section, RecordRepr<'_>)> =
        m.all_records().map(|(s, r)| (s, r.to_repr())).collect();
    assert_eq!(ours_encode(header, &q, &records), 306 + 0x3b);
    assert_eq!(ours_reencode(&m), 306 + 0x3b);
    let p = simple_dns::Packet::parse(bytes).unwrap();
    let built = p.build_bytes_vec_compressed().unwrap();
    println!("simple-dns compressed build: {} bytes", built.len());
    let mut g = c.benchmark_group("dns_encode");
    g.bench_function("ours", |b| {
        b.iter(|| ours_encode(black_box(header), black_box(&q), black_box(&records)))
    });
    g.bench_function("ours-reencode", |b| b.iter(|| ours_reencode(black_box(&m))));
    g.bench_function("simple-dns", |b| {
        b.iter(|| simple_dns_encode(black_box(&p)))
    });
    g.finish();
}

fn pointer_chain(c: &mut Criterion) {
    const SIZE: usize = 65_535;
    let benign = dns_pointer_chain(SIZE, 0);
    // 125 chain pointers + the owner's own: 126 hops per owner, the most we follow.
    let chain126 = dns_pointer_chain(SIZE, 125);
    let chain8000 = dns_pointer_chain(SIZE, 8000);
    assert!(Message::parse(&benign).is_ok());
    assert!(Message::parse(&chain126).is_ok());
    assert!(Message::parse(&chain8000).is_err());
    let mut g = c.benchmark_group("dns_pointer_chain");
    g.sample_size(20);
    for (name, msg) in [
        ("benign", &benign),
        ("chain126", &chain126),
        ("chain8000", &chain8000),
    ] {
        g.bench_with_input(BenchmarkId::new("ours", name), msg, |b, m| {
            b.iter(|| ours_decode(black_box(m)))
        });
    }
    g.bench_with_input(
        BenchmarkId::new("hickory-proto", "chain8000"),
        &chain8000,
        |b, m| b.iter(|| hickory_decode(black_box(m))),
    );
    g.bench_with_input(
        BenchmarkId::new("domain", "chain8000"),
        &chain8000,
        |b, m| b.iter(|| domain_decode(black_box(m))),
    );
    g.bench_with_input(
        BenchmarkId::new("simple-dns", "chain8000"),
        &chain8000,
        |b, m| b.iter(|| simple_dns_decode(black_box(m))),
    );
    g.finish();
}

criterion_group!(benches, decode, encode, pointer_chain);
criterion_main!(benches);
