//! DNS targets (codec-app's `dns` module).
//!
//! - [`dns`]: arbitrary bytes as a message. A message that parses has every section, every
//!   name (labels, length, text) and every typed RDATA walked; written again with
//!   compression it must parse back to the same entries (`parse(emit(parse(b))) ==
//!   parse(b)`, names compared case-insensitively as DNS does); and the entry-by-entry
//!   reader must agree with the whole-message parser. The same bytes are also parsed with
//!   forward pointers allowed, and a name is parsed at each of the first offsets.
//! - [`dns_tcp`]: arbitrary bytes as a DNS-over-TCP stream: the deframer's events must not
//!   depend on how the stream is cut (whole, byte by byte, and at two arbitrary cuts), and
//!   each message is handed to [`dns`]'s checks.
//! - [`dns_roundtrip`]: an arbitrary message (header, questions, records of every typed
//!   RDATA form, an optional OPT) written by the builder, parsed back, compared.
//! - [`dns_differential`]: the same bytes through hickory-proto 0.26. Where both accept,
//!   the questions and records must agree (names label by label, byte for byte; types,
//!   classes, TTLs). Where one rejects, the disagreement must be one of the documented
//!   classes below; anything else is a finding.
//!
//! Intended disagreements with hickory-proto (each a deliberate rule of ours, or one of
//! hickory's that this codec does not take up):
//! 1. *Hop cap.* We stop at 126 compression pointers per name (RFC 9267 §2, miekg/dns);
//!    hickory has no cap: we reject, it accepts.
//! 2. *Empty RDATA.* hickory reads a record with rdlength 0 as an UPDATE (RFC 2136) record
//!    and refuses it outside UPDATE messages; we accept zero-length RDATA wherever the type's
//!    form allows it (RFC 3597 §4: unknown types, TXT without strings...).
//! 3. *SIG and TSIG placement.* hickory refuses SIG(0) and TSIG outside the additional
//!    section (RFC 2931, RFC 8945 §5.1) and anything after them; we keep both as raw records
//!    wherever they are (only OPT placement is a rule of this codec).
//! 4. *RDATA forms.* Each codec types a different set of record types and checks the forms
//!    it types (hickory: CAA tag and value syntax, SVCB parameter semantics, SSHFP, TLSA,
//!    CERT...; we: NSEC/NSEC3 bitmaps, SVCB fixed-size keys, cookie and client-subnet
//!    sizes, and EDNS option lengths: hickory skips an option it cannot read, one that
//!    overruns the OPT RDATA included, where we refuse the message; hickory refuses a
//!    client-subnet option whose family is neither IPv4 nor IPv6, which we keep typed with
//!    its address bytes as they are: RFC 7871 §6 takes the family from IANA's registry,
//!    and refusing an unknown one is the answering server's part, §7.1.1). Accept/reject is compared only for messages whose records are
//!    all of the types both read the same way (A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, and
//!    the private-use types 0xff00..=0xfffe that both keep raw, but for 0xff19, which
//!    hickory reads as the draft ANAME type).
//! 5. *OPT owner/placement.* We refuse OPT outside the additional section and an OPT whose
//!    owner is not the root (RFC 6891 §6.1.1); hickory refuses the first, and reads the
//!    second as EDNS anyway.

use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
use codec_app::dns::edns::{ClientSubnet, Cookie, EdnsOption, OptData, encode_options};
use codec_app::dns::name::{Name, NameBuf, NameRules};
use codec_app::dns::rdata::{CharacterStrings, RData};
use codec_app::dns::tcp::{Deframer, Event};
use codec_app::dns::{
    Class, Flags, Message, MessageRules, Opcode, Question, Rcode, RecordRepr, RrType, Section,
    SectionReader,
};
use codec_core::ErrorKind;

/// The parts of a message a round trip must keep, in wire order.
fn entries<'a>(m: &Message<'a>) -> (Vec<Question<'a>>, Vec<(Section, RecordRepr<'a>)>) {
    (
        m.questions().collect(),
        m.all_records().map(|(s, r)| (s, r.to_repr())).collect(),
    )
}

/// Walks everything a parsed message offers.
fn walk(m: &Message<'_>) -> usize {
    let mut total = m.id() as usize + m.len() + m.trailing().len();
    let _ = (m.flags(), m.opcode(), m.rcode(), m.edns(), m.opt());
    let _ = format!("{m} {m:?}");
    let name = |n: &Name<'_>| {
        let labels: usize = n.labels().map(<[u8]>::len).sum();
        assert!(n.len() <= 255, "name over 255 octets: {n:?}");
        assert_eq!(n.len(), labels + n.label_count() + 1);
        assert!(n.labels().all(|l| !l.is_empty() && l.len() <= 63));
        let text = n.to_string();
        // The text form reads back to the same name.
        let back = NameBuf::from_dotted(&text).expect("Display output parses");
        assert_eq!(back.as_name(), *n, "text form {text:?} does not read back");
        labels
    };
    for q in m.questions() {
        total += name(&q.name);
    }
    for (_, r) in m.all_records() {
        total += name(&r.name) + r.rdata().len();
        let data = r.data();
        assert_eq!(data.rtype(), r.rtype());
        let _ = format!("{r} {data:?}");
        if !(m.opcode() == Opcode::Update && r.rdata().is_empty()) {
            let checked = r
                .try_data(NameRules::MDNS)
                .expect("checked RDATA reads again");
            assert_eq!(checked, data);
        }
        match data {
            RData::Ns(n) | RData::Cname(n) | RData::Ptr(n) | RData::Dname(n) => total += name(&n),
            RData::Soa(s) => total += name(&s.mname) + name(&s.rname),
            RData::Mx(mx) => total += name(&mx.exchange),
            RData::Srv(s) => total += name(&s.target),
            RData::Naptr(n) => total += name(&n.replacement),
            RData::Rrsig(s) => total += name(&s.signer),
            RData::Nsec(n) => total += name(&n.next) + n.types.types().count(),
            RData::Nsec3(n) => total += n.types.types().count(),
            RData::Svcb(s) | RData::Https(s) => total += name(&s.target) + s.params.iter().count(),
            RData::Txt(t) => total += t.iter().count(),
            RData::Opt(o) => total += o.options().count(),
            RData::Minfo(mi) => total += name(&mi.rmailbx) + name(&mi.emailbx),
            RData::Rp(rp) => total += name(&rp.mbox) + name(&rp.txt),
            RData::Afsdb(a) => total += name(&a.hostname),
            _ => {}
        }
    }
    total
}

/// The decode target's checks on one message.
fn check_message(data: &[u8]) {
    // A name at each of the first offsets: never a panic.
    for at in 0..data.len().min(48) {
        if let Ok((n, end)) = Name::parse(data, at) {
            assert!(end > at && end <= data.len());
            let _ = n.to_string();
        }
    }
    let strict = Message::parse(data);
    let mdns = Message::parse_with(
        data,
        MessageRules {
            names: NameRules::MDNS,
            ..MessageRules::default()
        },
    );
    if strict.is_ok() {
        assert!(
            mdns.is_ok(),
            "forward pointers allowed must accept more, not less"
        );
    }
    // The entry-by-entry reader agrees with the parser.
    let mut r = SectionReader::new(data, NameRules::STRICT);
    let counts = data
        .get(4..12)
        .map(|c| [0, 1, 2, 3].map(|i| usize::from(u16::from_be_bytes([c[2 * i], c[2 * i + 1]]))));
    let reader_ok = counts.is_some_and(|c| {
        (0..c[0]).all(|_| r.question().is_ok())
            && (0..c[1] + c[2] + c[3]).all(|_| {
                r.record()
                    .and_then(|rec| {
                        let update = data[2] >> 3 & 0xf == Opcode::Update.value();
                        if update && rec.rdata().is_empty() {
                            return Ok(());
                        }
                        rec.try_data(NameRules::STRICT).map(|_| ())
                    })
                    .is_ok()
            })
    });
    if let Ok(m) = &strict {
        assert!(reader_ok, "the parser accepted what the reader refuses");
        assert_eq!(r.position(), m.len());
        // Every name checked again alone, without the parser's memo of checked suffixes.
        for q in m.questions() {
            assert!(
                Name::parse(data, q.name.offset()).is_ok(),
                "memo accepted {q:?}"
            );
        }
        for (_, rec) in m.all_records() {
            assert!(
                Name::parse(data, rec.offset()).is_ok(),
                "memo accepted {rec}"
            );
            let update = m.opcode() == Opcode::Update && rec.rdata().is_empty();
            assert!(
                update || rec.try_data(NameRules::STRICT).is_ok(),
                "memo accepted {rec}"
            );
        }
    }
    for m in [strict, mdns].into_iter().flatten() {
        walk(&m);
        // Written again with compression: the same entries come back.
        let mut out = vec![0u8; 1 << 18];
        match m.emit_compressed(&mut out) {
            Ok(n) => {
                let again = Message::parse(&out[..n]).expect("our own output parses");
                assert_eq!(
                    entries(&again),
                    entries(&m),
                    "re-encoding changed the message"
                );
                assert_eq!(again.flags_word(), m.flags_word());
            }
            // A record whose names grow past 65535 bytes of RDATA when written in full.
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    ErrorKind::BadLength { .. } | ErrorKind::BufferTooSmall { .. }
                ),
                "emit failed: {e}"
            ),
        }
    }
}

/// Decoder target: arbitrary bytes as a DNS message.
pub fn dns(data: &[u8]) {
    check_message(data);
}

/// Stream target: arbitrary bytes as DNS over TCP.
pub fn dns_tcp(data: &[u8]) {
    let run = |cuts: &[usize]| {
        let mut d: Deframer<[u8; 512]> = Deframer::new([0; 512]);
        let mut events: Vec<Result<Vec<u8>, u16>> = Vec::new();
        let mut last = 0;
        for &c in cuts.iter().chain(std::iter::once(&data.len())) {
            let c = c.clamp(last, data.len());
            d.push(&data[last..c], |e| {
                events.push(match e {
                    Event::Message(m) => Ok(m.to_vec()),
                    Event::TooLong { len } => Err(len),
                })
            });
            last = c;
        }
        assert_eq!(d.position(), data.len() as u64);
        events
    };
    let whole = run(&[]);
    let bytewise: Vec<usize> = (1..data.len()).collect();
    assert_eq!(
        run(&bytewise),
        whole,
        "byte-by-byte split changed the events"
    );
    let a = data
        .first()
        .map_or(0, |&b| usize::from(b) % (data.len() + 1));
    let b = data
        .last()
        .map_or(0, |&b| usize::from(b) * 3 % (data.len() + 1));
    assert_eq!(
        run(&[a.min(b), a.max(b)]),
        whole,
        "a two-cut split changed the events"
    );
    for m in whole.iter().flatten() {
        check_message(m);
    }
}

use arbitrary::{Result as AResult, Unstructured};

/// A name of 0 to 5 labels of 1 to 20 bytes, any bytes.
fn arb_name(u: &mut Unstructured<'_>, pool: &[NameBuf]) -> AResult<NameBuf> {
    // Often reuse a name (so compression has work), or a suffix of one.
    if !pool.is_empty() && u.ratio(2, 3)? {
        let base = u.choose(pool)?;
        if u.arbitrary()? {
            return Ok(*base);
        }
        let prefix_len = u.int_in_range(1..=8)?;
        let prefix = u.bytes(prefix_len.min(u.len()))?;
        let mut labels: Vec<&[u8]> = Vec::new();
        if !prefix.is_empty() {
            labels.push(prefix);
        }
        let name = base.as_name();
        labels.extend(name.labels());
        return Ok(NameBuf::from_labels(labels.iter().copied()).unwrap_or(*base));
    }
    let n = u.int_in_range(0..=5)?;
    let mut labels = Vec::new();
    for _ in 0..n {
        let l = u.int_in_range(1..=20)?;
        let bytes = u.bytes(l.min(u.len()))?;
        if !bytes.is_empty() {
            labels.push(bytes);
        }
    }
    Ok(NameBuf::from_labels(labels.iter().copied()).expect("short labels fit"))
}

fn bytes_upto<'a>(u: &mut Unstructured<'a>, max: usize) -> AResult<&'a [u8]> {
    let n = u.int_in_range(0..=max)?;
    u.bytes(n.min(u.len()))
}

/// Character-strings from arbitrary pieces, into `store`.
fn arb_strings<'s>(u: &mut Unstructured<'_>, store: &'s mut Vec<u8>) -> AResult<&'s [u8]> {
    let n = u.int_in_range(0..=3)?;
    for _ in 0..n {
        let s = bytes_upto(u, 40)?;
        store.push(s.len() as u8);
        store.extend_from_slice(s);
    }
    Ok(store)
}

/// Round-trip target: an arbitrary message through the builder and back.
pub fn dns_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = roundtrip(&mut u);
}

fn roundtrip(u: &mut Unstructured<'_>) -> AResult<()> {
    // Names first (RecordRepr borrows them).
    let mut names: Vec<NameBuf> = Vec::new();
    for _ in 0..u.int_in_range(1..=8)? {
        let n = arb_name(u, &names)?;
        names.push(n);
    }
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    for _ in 0..6 {
        let mut v = Vec::new();
        arb_strings(u, &mut v)?;
        blobs.push(v);
    }
    let raw: Vec<&[u8]> = (0..4).map(|_| bytes_upto(u, 40)).collect::<AResult<_>>()?;
    let header = HeaderRepr {
        id: u.arbitrary()?,
        flags: Flags::from_bits_truncate(u.arbitrary()?),
        opcode: Opcode::from(u.int_in_range(0..=15)?),
        rcode: Rcode::from(u.int_in_range(0..=15)?),
    };
    let pick = |u: &mut Unstructured<'_>| -> AResult<Name<'_>> { Ok(u.choose(&names)?.as_name()) };
    let mut questions = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        questions.push(Question {
            name: pick(u)?,
            qtype: RrType::from(u.arbitrary::<u16>()?),
            qclass: Class::from(u.arbitrary::<u16>()?),
        });
    }
    let mut opt_bytes = [0u8; 64];
    let mut records: Vec<(Section, RecordRepr<'_>)> = Vec::new();
    let count = u.int_in_range(0..=10)?;
    for _ in 0..count {
        let section = *u.choose(&[Section::Answer, Section::Authority, Section::Additional])?;
        let data = match u.int_in_range(0..=17)? {
            0 => RData::A(u.arbitrary::<[u8; 4]>()?.into()),
            1 => RData::Aaaa(u.arbitrary::<[u8; 16]>()?.into()),
            2 => RData::Ns(pick(u)?),
            3 => RData::Cname(pick(u)?),
            4 => RData::Ptr(pick(u)?),
            5 => RData::Mx(codec_app::dns::rdata::Mx {
                preference: u.arbitrary()?,
                exchange: pick(u)?,
            }),
            6 => RData::Soa(codec_app::dns::rdata::Soa {
                mname: pick(u)?,
                rname: pick(u)?,
                serial: u.arbitrary()?,
                refresh: u.arbitrary()?,
                retry: u.arbitrary()?,
                expire: u.arbitrary()?,
                minimum: u.arbitrary()?,
            }),
            7 => RData::Txt(CharacterStrings::new(u.choose(&blobs)?).expect("built as strings")),
            8 => RData::Srv(codec_app::dns::rdata::Srv {
                priority: u.arbitrary()?,
                weight: u.arbitrary()?,
                port: u.arbitrary()?,
                target: pick(u)?,
            }),
            9 => RData::Caa(codec_app::dns::rdata::Caa {
                flags: u.arbitrary()?,
                tag: b"issue",
                value: u.choose(&raw)?,
            }),
            10 => RData::Ds(codec_app::dns::rdata::Ds {
                key_tag: u.arbitrary()?,
                algorithm: u.arbitrary()?,
                digest_type: u.arbitrary()?,
                digest: u.choose(&raw)?,
            }),
            11 => RData::Dnskey(codec_app::dns::rdata::Dnskey {
                flags: u.arbitrary()?,
                protocol: 3,
                algorithm: u.arbitrary()?,
                public_key: u.choose(&raw)?,
            }),
            12 => RData::Hinfo(codec_app::dns::rdata::Hinfo {
                cpu: u.choose(&raw)?,
                os: u.choose(&raw)?,
            }),
            13 => RData::Naptr(codec_app::dns::rdata::Naptr {
                order: u.arbitrary()?,
                preference: u.arbitrary()?,
                flags: u.choose(&raw)?,
                services: u.choose(&raw)?,
                regexp: u.choose(&raw)?,
                replacement: pick(u)?,
            }),
            14 => RData::Minfo(codec_app::dns::rdata::Minfo {
                rmailbx: pick(u)?,
                emailbx: pick(u)?,
            }),
            15 => RData::Dname(pick(u)?),
            16 => RData::Rrsig(codec_app::dns::rdata::Rrsig {
                type_covered: RrType::from(u.arbitrary::<u16>()?),
                algorithm: u.arbitrary()?,
                labels: u.arbitrary()?,
                original_ttl: u.arbitrary()?,
                expiration: u.arbitrary()?,
                inception: u.arbitrary()?,
                key_tag: u.arbitrary()?,
                signer: pick(u)?,
                signature: u.choose(&raw)?,
            }),
            _ => RData::Unknown {
                rtype: RrType::from(u.int_in_range(0xff00..=0xfffe)?),
                data: u.choose(&raw)?,
            },
        };
        records.push((
            section,
            RecordRepr {
                name: pick(u)?,
                class: Class::from(u.arbitrary::<u16>()?),
                ttl: u.arbitrary()?,
                data,
            },
        ));
    }
    // Sections in order, and at most one OPT, last, with the root owner.
    records.sort_by_key(|(s, _)| *s);
    let server: [u8; 8] = u.arbitrary()?;
    let with_opt = u.arbitrary::<bool>()?;
    let opt_len = encode_options(
        &[
            EdnsOption::Cookie(Cookie {
                client: u.arbitrary()?,
                server: &server,
            }),
            EdnsOption::ClientSubnet(ClientSubnet {
                family: 1,
                source_prefix: 24,
                scope_prefix: 0,
                address: &[192, 0, 2],
            }),
            EdnsOption::Padding(&[0; 3]),
        ],
        &mut opt_bytes,
    )
    .expect("fits");
    if with_opt {
        records.push((
            Section::Additional,
            RecordRepr {
                name: Name::ROOT,
                class: Class::from(u.arbitrary::<u16>()?),
                ttl: u.arbitrary()?,
                data: RData::Opt(OptData::new(&opt_bytes[..opt_len]).expect("valid options")),
            },
        ));
    }

    let mut out = vec![0u8; 1 << 16];
    let mut b = MessageBuilder::<16>::new(&mut out, header)
        .expect("room")
        .strict();
    for q in &questions {
        b.question(q).expect("room for the question");
    }
    for (s, r) in &records {
        b.record(*s, r).expect("room for the record");
    }
    let n = b.finish().expect("finish");
    let m = match Message::parse(&out[..n]) {
        Ok(m) => m,
        Err(e) => panic!("our own message does not parse: {e}"),
    };
    assert_eq!(m.id(), header.id);
    assert_eq!(m.flags(), header.flags);
    assert_eq!(m.opcode(), header.opcode);
    assert_eq!(m.header_rcode(), header.rcode.value() as u8);
    let (qs, rs) = entries(&m);
    assert_eq!(qs, questions, "questions changed");
    assert_eq!(rs, records, "records changed");
    // And the compressed output is no longer than the names written in full.
    let full: usize = 12
        + questions.iter().map(|q| q.name.len() + 4).sum::<usize>()
        + records.iter().map(|(_, r)| r.buffer_len()).sum::<usize>();
    assert!(n <= full, "{n} > {full}");
    Ok(())
}

/// The record types whose accept/reject both codecs decide the same way (class 4 above).
/// 0xff19 is not among them: hickory takes it for ANAME (draft-ietf-dnsop-aname, never
/// assigned; the number lies in the private-use range) and reads a name from its RDATA.
fn compared_type(t: u16) -> bool {
    matches!(t, 1 | 2 | 5 | 6 | 12 | 15 | 16 | 28 | 41)
        || ((0xff00..=0xfffe).contains(&t) && t != 0xff19)
}

/// Whether `offset` lies in the RDATA of an OPT record of `data` (read entry by entry).
fn in_opt_rdata(data: &[u8], offset: usize) -> bool {
    let Some(counts) = data.get(4..12) else {
        return false;
    };
    let count = |i: usize| usize::from(u16::from_be_bytes([counts[2 * i], counts[2 * i + 1]]));
    let mut r = SectionReader::new(data, NameRules::STRICT);
    for _ in 0..count(0) {
        if r.question().is_err() {
            return false;
        }
    }
    for _ in 0..count(1) + count(2) + count(3) {
        let Ok(rec) = r.record() else { return false };
        if rec.rtype() == RrType::Opt
            && (rec.rdata_offset()..rec.rdata_offset() + rec.rdata().len()).contains(&offset)
        {
            return true;
        }
    }
    false
}

/// Differential target against hickory-proto.
pub fn dns_differential(data: &[u8]) {
    let ours = Message::parse(data);
    let theirs = hickory_proto::op::Message::from_vec(data);
    match (&ours, &theirs) {
        (Ok(m), Ok(h)) => {
            let same_name = |a: &Name<'_>, b: &hickory_proto::rr::Name| a.labels().eq(b.iter());
            let qs: Vec<Question<'_>> = m.questions().collect();
            assert_eq!(qs.len(), h.queries.len());
            for (q, hq) in qs.iter().zip(&h.queries) {
                assert!(
                    same_name(&q.name, hq.name()),
                    "question name {q:?} vs {hq:?}"
                );
                assert_eq!(q.qtype.value(), u16::from(hq.query_type()));
            }
            let ours_records: Vec<_> = m
                .all_records()
                .filter(|(_, r)| r.rtype() != RrType::Opt)
                .collect();
            let theirs_records: Vec<_> = h
                .answers
                .iter()
                .chain(&h.authorities)
                .chain(&h.additionals)
                .collect();
            assert_eq!(ours_records.len(), theirs_records.len());
            for ((_, r), hr) in ours_records.iter().zip(theirs_records) {
                assert!(same_name(&r.name, &hr.name), "owner {r} vs {hr:?}");
                assert_eq!(r.rtype_value(), u16::from(hr.record_type()), "{r}");
                assert_eq!(r.ttl, hr.ttl, "{r}");
            }
            assert_eq!(m.opt().is_some(), h.edns.is_some());
        }
        (Ok(m), Err(e)) => {
            let classes_allowed = m.all_records().any(|(_, r)| {
                r.rdata().is_empty() // class 2
                    || matches!(r.rtype_value(), 24 | 250) // class 3
                    || !compared_type(r.rtype_value()) // class 4
            }) || m.edns().is_some_and(|e| {
                // class 4: a client subnet of a family hickory does not know.
                e.options()
                    .any(|o| matches!(o, EdnsOption::ClientSubnet(c) if !matches!(c.family, 1 | 2)))
            });
            assert!(
                classes_allowed,
                "hickory rejects what we accept: {e:?}\n{m:?}"
            );
        }
        (Err(e), Ok(h)) => {
            let allowed = matches!(e.kind(), ErrorKind::PointerLoop { .. }) // class 1
                || h.answers.iter().chain(&h.authorities).chain(&h.additionals).any(|r| {
                    !compared_type(u16::from(r.record_type()))
                })
                // class 4: hickory skips the EDNS options it cannot read.
                || (h.edns.is_some() && in_opt_rdata(data, e.offset()))
                || e.kind()
                    == ErrorKind::BadValue {
                        field: codec_core::Field::Name,
                        value: u32::from(data.get(e.offset()).copied().unwrap_or(0)),
                    }; // class 5: OPT owner
            assert!(allowed, "we reject what hickory accepts: {e}\n{h:?}");
        }
        (Err(_), Err(_)) => {}
    }
}
