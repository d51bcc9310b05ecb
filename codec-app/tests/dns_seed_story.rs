//! The DNS datagrams of the seed trace ("A short story of TCP", `../shared/vectors/
//! seed_story.jsonl`): three NXDOMAIN answers and one answered lookup, decoded to the values
//! the log prints and re-encoded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
use codec_app::dns::rdata::RData;
use codec_app::dns::{Flags, Message, NameRules, Rcode, RrType, Section, SectionReader};
use std::path::Path;

/// (index, direction, summary, UDP payload) of every complete DNS datagram of the trace.
fn dns_datagrams() -> Vec<(u32, String, Vec<u8>, bool)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/seed_story.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let field = |line: &str, key: &str| -> String {
        let k = format!("\"{key}\": ");
        let at = line.find(&k).unwrap() + k.len();
        let rest = &line[at..];
        if let Some(s) = rest.strip_prefix('"') {
            s[..s.find('"').unwrap()].to_string()
        } else {
            rest[..rest.find([',', '}']).unwrap()].to_string()
        }
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let summary = field(line, "summary");
        if !summary.contains(" DNS ") {
            continue;
        }
        let hex = field(line, "hex");
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let ihl = usize::from(bytes[0] & 0xf) * 4;
        let complete = field(line, "complete") == "true";
        out.push((
            field(line, "index").parse().unwrap(),
            summary,
            bytes[ihl + 8..].to_vec(),
            complete,
        ));
    }
    out
}

fn reencode<const N: usize>(m: &Message<'_>) -> Vec<u8> {
    let mut out = [0u8; 1024];
    let mut b = MessageBuilder::<N>::new(&mut out, HeaderRepr::of(m))
        .unwrap()
        .strict();
    for q in m.questions() {
        b.question(&q).unwrap();
    }
    for (section, r) in m.all_records() {
        b.record(section, &r.to_repr()).unwrap();
    }
    let n = b.finish().unwrap();
    out[..n].to_vec()
}

#[test]
fn queries_and_nxdomain_answers_decode_and_reencode() {
    let all = dns_datagrams();
    assert_eq!(all.len(), 8);
    let complete: Vec<_> = all.iter().filter(|d| d.3).collect();
    assert_eq!(complete.len(), 7);
    // The resolver's search list: the name, then with each suffix appended.
    let asked = [
        "www.vsb.cs.uni-frankfurt.de.vsb.cs.uni-frankfurt.de",
        "www.vsb.cs.uni-frankfurt.de.cs.uni-frankfurt.de",
        "www.vsb.cs.uni-frankfurt.de.uni-frankfurt.de",
        "www.vsb.cs.uni-frankfurt.de",
    ];
    for (index, summary, bytes, _) in &complete {
        let m = Message::parse(bytes).unwrap();
        let id = (index - 20) / 2 + 1;
        assert_eq!(u32::from(m.id()), id, "{summary}");
        let q = m.questions().next().unwrap();
        assert_eq!(q.name.to_string(), asked[(id - 1) as usize]);
        assert_eq!(q.qtype, RrType::A);
        if summary.contains("query") {
            // "query,recur": flags 0x0100.
            assert_eq!(m.flags_word(), 0x0100);
            assert_eq!(m.count(Section::Answer), 0);
            // Nothing to compress: re-encoded byte for byte.
            assert_eq!(reencode::<64>(&m), *bytes);
        } else {
            // "resp,auth,recur_avail,error": NXDOMAIN, flags 0x8583 (vectors/README.md §6).
            assert_eq!(m.flags_word(), 0x8583);
            assert_eq!(m.flags(), Flags::QR | Flags::AA | Flags::RD | Flags::RA);
            assert_eq!(m.rcode(), Rcode::NxDomain);
            let soa = m.authority().next().unwrap();
            assert_eq!(soa.name.to_string(), "uni-frankfurt.de");
            assert_eq!(soa.ttl, 86400);
            let RData::Soa(s) = soa.data() else { panic!() };
            assert_eq!(s.mname.to_string(), "chaplin.rz.uni-frankfurt.de");
            assert_eq!(s.rname.to_string(), "netz-verwaltung.rz.uni-frankfurt.de");
            assert_eq!(
                (s.serial, s.refresh, s.retry, s.expire, s.minimum),
                (97021302, 10800, 3600, 3000000, 86400)
            );
            // The 1997 server did not compress the SOA owner: our encoder does, so the
            // compressed message is shorter but decodes to the same content.
            let again = reencode::<64>(&m);
            assert!(again.len() < bytes.len());
            let m2 = Message::parse(&again).unwrap();
            assert!(m.questions().eq(m2.questions()));
            assert!(
                m.all_records()
                    .map(|(s, r)| (s, r.to_repr()))
                    .eq(m2.all_records().map(|(s, r)| (s, r.to_repr())))
            );
        }
    }
}

#[test]
fn the_cut_answer_reads_up_to_the_cut() {
    let (_, summary, bytes, complete) = &dns_datagrams()[7];
    assert!(!complete && summary.contains("(truncated)"));
    let e = Message::parse(bytes).unwrap_err();
    assert_eq!(e.offset(), 303);
    // Entry by entry: the question and the three answers arrived whole.
    let mut r = SectionReader::new(bytes, NameRules::STRICT);
    assert_eq!(
        r.question().unwrap().name.to_string(),
        "www.vsb.cs.uni-frankfurt.de"
    );
    let answers: Vec<String> = (0..3).map(|_| r.record().unwrap().to_string()).collect();
    assert!(
        answers[0].starts_with(
            "www.vsb.cs.uni-frankfurt.de 86400 IN CNAME diamant.vsb.cs.uni-frankfurt.de"
        ),
        "{answers:?}"
    );
    let mut n = 0;
    while r.record().is_ok() {
        n += 1;
    }
    // 4 authority and 5 additional records were sent; the log cut the last one.
    assert_eq!(n, 8);
}
