//! The line protocols of codec-app: the telnet, FTP and MSNP stream decoders under
//! arbitrary chunking, and round trips through their builders.
//!
//! A stream target reads its configuration from the first byte, three cut seeds from the
//! next three, and the stream from the rest (its first [`MAX_STREAM`] bytes). It decodes the
//! stream in one chunk, then cut at
//! one, two and three points taken from the seeds, and (for streams up to 512 bytes) a byte
//! at a time: the events must be the same every time (telnet data runs merged), and every
//! event must hold what the decoder promises (a subnegotiation fits the buffer, a reply
//! parses again from its bytes, a command emits back to its line...).

use arbitrary::{Arbitrary, Unstructured};
use codec_app::telnet::qmethod::{QMethod, Side};
use codec_app::{ftp, msnp, telnet};
use std::fmt::Write as _;
use std::string::String;
use std::vec::Vec;

/// The cut lists to try on a stream of `len` bytes: none, one, two and three points from
/// the seeds, and (short streams) every byte.
fn splits(seeds: [u8; 3], len: usize) -> Vec<Vec<usize>> {
    let point = |s: u8, k: usize| (usize::from(s) * 257 + k * 7919) % (len + 1);
    let mut out = vec![
        vec![],
        vec![point(seeds[0], 0)],
        vec![point(seeds[0], 1), point(seeds[1], 2)],
        vec![point(seeds[0], 3), point(seeds[1], 4), point(seeds[2], 5)],
    ];
    for cuts in &mut out {
        cuts.sort_unstable();
    }
    if len <= 512 {
        out.push((1..len).collect());
    }
    out
}

fn chunks<'a>(stream: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut at = 0;
    for &c in cuts {
        out.push(&stream[at..c]);
        at = c;
    }
    out.push(&stream[at..]);
    out
}

/// Splits `data` into (config byte, cut seeds, stream).
fn header(data: &[u8]) -> Option<(u8, [u8; 3], &[u8])> {
    let [config, a, b, c, stream @ ..] = data else {
        return None;
    };
    Some((*config, [*a, *b, *c], stream))
}

/// Longest stream a stream target decodes (the rest of a longer input is ignored): enough
/// for several commands and a full buffer, small enough to keep thousands of runs a second.
const MAX_STREAM: usize = 4096;

/// Telnet events with adjacent data merged, compared as they are.
#[derive(Debug, PartialEq, Eq)]
enum TelnetEv {
    Data(Vec<u8>),
    Other(String),
}

/// The events of `parts`; with `check`, every event's promises are checked too (once per
/// input: the other chunkings only have to give the same events).
fn telnet_run(capacity: usize, nvt: bool, parts: &[&[u8]], check: bool) -> Vec<TelnetEv> {
    let mut d = telnet::Decoder::new(vec![0u8; capacity]).with_nvt_eol(nvt);
    let mut out = Vec::new();
    let mut data = Vec::new();
    let handle = |e: telnet::Event<'_>, out: &mut Vec<TelnetEv>, data: &mut Vec<u8>| match e {
        telnet::Event::Data(b) => {
            assert!(!b.is_empty(), "an empty data run");
            data.extend_from_slice(b);
        }
        other => {
            if !data.is_empty() {
                out.push(TelnetEv::Data(core::mem::take(data)));
            }
            if check && let telnet::Event::Subnegotiation(sb) = other {
                assert!(
                    sb.params.len() <= capacity,
                    "a subnegotiation longer than the buffer"
                );
                // What parses must come back framed and escaped, and parse again the same.
                if let Ok(repr) = sb.parse() {
                    let mut wire = vec![0u8; repr.buffer_len()];
                    let n = repr
                        .emit(&mut wire)
                        .expect("emit of a parsed subnegotiation");
                    assert_eq!(n, wire.len(), "buffer_len disagrees with emit");
                    let mut back = telnet::Decoder::new(vec![0u8; capacity]);
                    let mut seen = 0;
                    back.push(&wire, |e| {
                        seen += 1;
                        let telnet::Event::Subnegotiation(again) = e else {
                            panic!("an emitted subnegotiation decodes as {e:?}");
                        };
                        assert_eq!(again.params, sb.params, "emit(parse(b)) != b");
                        assert_eq!(again.parse().ok(), Some(repr), "parse(emit(r)) != r");
                    });
                    assert_eq!(seen, 1, "an emitted subnegotiation is one event");
                    let _ = repr.to_string();
                }
            }
            if check {
                let mut s = String::new();
                let _ = write!(s, "{other}");
            }
            out.push(TelnetEv::Other(format!("{other:?}")));
        }
    };
    for p in parts {
        d.push(p, |e| handle(e, &mut out, &mut data));
    }
    if !data.is_empty() {
        out.push(TelnetEv::Data(data));
    }
    out.extend(d.finish().map(|e| TelnetEv::Other(format!("{e:?}"))));
    out
}

/// The telnet decoder under arbitrary chunking. Config byte: bit 0 NVT end-of-line
/// handling, bits 1-2 the buffer (4, 16, 64 or 1024 bytes).
pub fn telnet_stream(data: &[u8]) {
    let Some((config, seeds, stream)) = header(data) else {
        return;
    };
    let stream = &stream[..stream.len().min(MAX_STREAM)];
    let capacity = [4, 16, 64, 1024][usize::from((config >> 1) & 3)];
    let nvt = config & 1 == 1;
    let want = telnet_run(capacity, nvt, &[stream], true);
    for cuts in splits(seeds, stream.len()) {
        let got = telnet_run(capacity, nvt, &chunks(stream, &cuts), false);
        assert_eq!(
            got, want,
            "telnet events depend on the chunking: cuts {cuts:?}"
        );
    }
}

fn ftp_run(
    direction: ftp::Direction,
    strict: bool,
    capacity: usize,
    parts: &[&[u8]],
    check: bool,
) -> Vec<String> {
    let mut d = ftp::Decoder::new(direction, vec![0u8; capacity]);
    d.set_strict(strict);
    let mut out = Vec::new();
    for p in parts {
        d.push(p, |e| {
            match e {
                _ if !check => {}
                ftp::Event::Command(c) => {
                    let _ = (
                        c.verb(),
                        c.host_port(),
                        c.extended_addr(),
                        c.epsv_arg(),
                        c.to_string(),
                    );
                    let mut buf = vec![0u8; c.buffer_len()];
                    let n = c.emit(&mut buf).expect("emit of a parsed command");
                    let again =
                        ftp::CommandRepr::parse(&buf[..n]).expect("parse of an emitted command");
                    assert_eq!(again, c, "parse(emit(c)) != c");
                }
                ftp::Event::Reply(r) => {
                    assert!(
                        r.bytes().len() <= capacity,
                        "a reply longer than the buffer"
                    );
                    let again =
                        ftp::Reply::parse_with(r.bytes(), strict).expect("a reply parses again");
                    assert_eq!(again, r);
                    let _ = (r.lines().count(), r.text_lines().count(), r.final_code());
                    let _ = (
                        r.pasv_addr(),
                        r.epsv_addr(),
                        r.size(),
                        r.mdtm(),
                        r.to_string(),
                    );
                }
                ftp::Event::Invalid { bytes, .. } => {
                    assert!(
                        bytes.len() <= capacity,
                        "an invalid unit longer than the buffer"
                    );
                }
                _ => {}
            }
            out.push(format!("{e:?}"));
        });
    }
    out.extend(d.finish().map(|e| format!("{e:?}")));
    out
}

/// The FTP decoder under arbitrary chunking. Config byte: bit 0 replies (else commands),
/// bit 1 strict multi-line replies, bits 2-3 the buffer (8, 32, 256 or 8192 bytes).
pub fn ftp_stream(data: &[u8]) {
    let Some((config, seeds, stream)) = header(data) else {
        return;
    };
    let direction = if config & 1 == 1 {
        ftp::Direction::Replies
    } else {
        ftp::Direction::Commands
    };
    let stream = &stream[..stream.len().min(MAX_STREAM)];
    let strict = config & 2 != 0;
    let capacity = [8, 32, 256, 8192][usize::from((config >> 2) & 3)];
    let want = ftp_run(direction, strict, capacity, &[stream], true);
    for cuts in splits(seeds, stream.len()) {
        let got = ftp_run(direction, strict, capacity, &chunks(stream, &cuts), false);
        assert_eq!(
            got, want,
            "FTP events depend on the chunking: cuts {cuts:?}"
        );
    }
    // The typed parsers on the raw bytes.
    let _ = (
        ftp::HostPort::find(stream),
        ftp::ExtendedAddr::parse(stream),
        ftp::ExtendedAddr::find_epsv(stream),
        ftp::Timestamp::parse(stream),
        ftp::parse_size(stream),
    );
}

fn msnp_run(capacity: usize, parts: &[&[u8]]) -> Vec<String> {
    let mut d = msnp::Decoder::new(vec![0u8; capacity]);
    let mut out = Vec::new();
    for p in parts {
        d.push(p, |e| {
            if let msnp::Event::Command(c) = e {
                let whole = c.line().len() + c.payload().map_or(0, <[u8]>::len);
                assert!(whole <= capacity, "a command longer than the buffer");
                let _ = (
                    c.params().count(),
                    c.trid(),
                    c.is_error(),
                    c.payload_len(),
                    c.to_string(),
                );
            }
            out.push(format!("{e:?}"));
        });
    }
    out.extend(d.finish().map(|e| format!("{e:?}")));
    out
}

/// The MSNP decoder under arbitrary chunking. Config byte: the buffer (16, 64, 256 or 4096
/// bytes, bits 0-1).
pub fn msnp_stream(data: &[u8]) {
    let Some((config, seeds, stream)) = header(data) else {
        return;
    };
    let stream = &stream[..stream.len().min(MAX_STREAM)];
    let capacity = [16, 64, 256, 4096][usize::from(config & 3)];
    let want = msnp_run(capacity, &[stream]);
    for cuts in splits(seeds, stream.len()) {
        let got = msnp_run(capacity, &chunks(stream, &cuts));
        assert_eq!(
            got, want,
            "MSNP events depend on the chunking: cuts {cuts:?}"
        );
    }
}

/// Telnet builders: an arbitrary subnegotiation, negotiation, command and data, emitted
/// and decoded back; and an arbitrary sequence of Q-method requests and peer messages,
/// which must keep RFC 1143's promise (never answer an answer forever: every received
/// message gets at most one reply).
pub fn telnet_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(repr) = telnet::SubnegotiationRepr::arbitrary(&mut u) else {
        return;
    };
    let mut wire = vec![0u8; repr.buffer_len()];
    match repr.emit(&mut wire) {
        Ok(n) => {
            assert_eq!(n, wire.len());
            let mut d: telnet::Decoder = telnet::Decoder::new([0u8; telnet::DEFAULT_SB_CAPACITY]);
            let mut events = 0;
            d.push(&wire, |e| {
                events += 1;
                match e {
                    telnet::Event::Subnegotiation(sb) => {
                        assert_eq!(sb.parse().ok(), Some(repr), "parse(emit(r)) != r");
                    }
                    telnet::Event::TooLong { .. } => {}
                    other => panic!("an emitted subnegotiation decodes as {other:?}"),
                }
            });
            assert_eq!(events, 1);
        }
        Err(e) => panic!("emit refused a parsed repr: {e}"),
    }
    let Ok(n) = telnet::Negotiation::arbitrary(&mut u) else {
        return;
    };
    assert_eq!(telnet::Negotiation::parse(&n.bytes()), Ok(n));
    let Ok(payload) = <&[u8]>::arbitrary(&mut u) else {
        return;
    };
    for nvt in [false, true] {
        let mut out = vec![0u8; telnet::encoder::escaped_len(payload, nvt)];
        let k = telnet::encoder::escape_data(payload, nvt, &mut out).expect("escape");
        let mut d: telnet::Decoder = telnet::Decoder::default().with_nvt_eol(nvt);
        let mut back = Vec::new();
        d.push(&out[..k], |e| match e {
            telnet::Event::Data(b) => back.extend_from_slice(b),
            other => panic!("escaped data decodes as {other:?}"),
        });
        assert_eq!(back, payload, "escaped data does not come back");
    }
    let mut q = QMethod::new();
    // `Unstructured` answers forever once empty: stop there.
    for _ in 0..1024 {
        if u.is_empty() {
            break;
        }
        let Ok(op) = u.int_in_range(0u8..=4) else {
            break;
        };
        let Ok(option) = u8::arbitrary(&mut u) else {
            break;
        };
        let option = telnet::TelnetOption::from(option);
        let side = if option.value() & 1 == 0 {
            Side::Us
        } else {
            Side::Him
        };
        match op {
            0 => {
                let _ = q.enable(side, option);
            }
            1 => {
                let _ = q.disable(side, option);
            }
            2 => q.set_accept(side, option, true),
            _ => {
                let Ok(n) = telnet::Negotiation::arbitrary(&mut u) else {
                    break;
                };
                let r = q.receive(n);
                if let Some(reply) = r.send {
                    assert_eq!(reply.option, n.option, "a reply about another option");
                }
            }
        }
    }
}

/// FTP builders: arbitrary commands, replies, host-ports, EPRT addresses and times,
/// emitted and parsed back.
pub fn ftp_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    if let Ok(c) = ftp::CommandRepr::arbitrary(&mut u) {
        let mut buf = vec![0u8; c.buffer_len()];
        if let Ok(n) = c.emit(&mut buf) {
            assert_eq!(n, buf.len());
            assert_eq!(
                ftp::CommandRepr::parse(&buf[..n]),
                Ok(c),
                "parse(emit(c)) != c"
            );
        }
    }
    let lines: Vec<&[u8]> = (0..u.int_in_range(0usize..=5).unwrap_or(0))
        .filter_map(|_| <&[u8]>::arbitrary(&mut u).ok())
        .collect();
    let code = u.int_in_range(0u16..=1100).unwrap_or(200);
    let r = ftp::ReplyRepr {
        code,
        lines: &lines,
    };
    let mut buf = vec![0u8; r.buffer_len()];
    if let Ok(n) = r.emit(&mut buf) {
        assert_eq!(n, buf.len());
        let reply = ftp::Reply::parse_with(&buf[..n], true).expect("an emitted reply parses");
        assert_eq!(reply.code().value(), code);
        let back: Vec<&[u8]> = reply.text_lines().collect();
        assert_eq!(back.len(), lines.len());
        for (i, (b, l)) in back.iter().zip(&lines).enumerate() {
            let padded = b.len() == l.len() + 1 && b.first() == Some(&b' ') && &b[1..] == *l;
            assert!(
                b == l || (padded && i > 0 && i + 1 < lines.len()),
                "line {i} differs"
            );
        }
    }
    if let Ok(hp) = ftp::HostPort::arbitrary(&mut u) {
        let mut buf = [0u8; 23];
        let n = hp.emit(&mut buf).expect("a host-port fits 23 bytes");
        assert_eq!(ftp::HostPort::parse(&buf[..n]), Ok(hp));
        assert_eq!(ftp::HostPort::find(&buf[..n]), Ok(hp));
    }
    if let Ok(a) = ftp::ExtendedAddr::arbitrary(&mut u) {
        let mut buf = [0u8; 64];
        if let Ok(n) = a.emit(&mut buf) {
            match a.addr {
                Some(_) => assert_eq!(ftp::ExtendedAddr::parse(&buf[..n]), Ok(a)),
                None => assert_eq!(ftp::ExtendedAddr::find_epsv(&buf[..n]), Ok(a)),
            }
        }
    }
    if let Ok(t) = ftp::Timestamp::arbitrary(&mut u) {
        let mut buf = [0u8; 32];
        if let Ok(n) = t.emit(&mut buf) {
            assert_eq!(ftp::Timestamp::parse(&buf[..n]), Ok(t));
        }
    }
}

/// MSNP builder: an arbitrary command emitted and parsed back.
pub fn msnp_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(name) = <[u8; 3]>::arbitrary(&mut u) else {
        return;
    };
    let trid = Option::<u32>::arbitrary(&mut u).unwrap_or(None);
    let params: Vec<&[u8]> = (0..u.int_in_range(0usize..=4).unwrap_or(0))
        .filter_map(|_| <&[u8]>::arbitrary(&mut u).ok())
        .collect();
    let payload = <&[u8]>::arbitrary(&mut u).ok();
    let payload = if msnp::has_payload(name) {
        payload
    } else {
        None
    };
    let r = msnp::CommandRepr {
        name,
        trid,
        params: &params,
        payload,
    };
    let mut buf = vec![0u8; r.buffer_len()];
    let Ok(n) = r.emit(&mut buf) else {
        return;
    };
    assert_eq!(n, buf.len());
    let c = msnp::Command::parse(&buf[..n]).expect("an emitted command parses");
    assert_eq!((c.name(), c.trid(), c.payload()), (name, trid, payload));
    let mut got: Vec<&[u8]> = c.params().collect();
    if payload.is_some() {
        got.pop();
    }
    assert_eq!(got, params, "parameters differ");
}
