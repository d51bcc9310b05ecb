//! Targets of the OSCAR codecs (`codec-aim`): the FLAP deframer under arbitrary chunking,
//! SNAC with its TLV forms and the ICBM layouts, the rendezvous block with the NAT rewrite,
//! the OFT2 header with the checksum, the rendezvous proxy and ODC2, and a round trip of
//! every repr.

use crate::{format_both, format_debug};
use arbitrary::{Arbitrary, Unstructured};
use codec_aim::flap::{self, Deframer, Event, FlapChannel, FlapFrame, FlapRepr, FlapSignon};
use codec_aim::icbm::{
    Capability, IcbmIncoming, IcbmMessage, RendezvousParams, RendezvousRepr, RendezvousType,
    SendFileData, UserInfo, emit_rendezvous_icbm,
};
use codec_aim::odc::{OdcPacket, OdcRepr};
use codec_aim::oft::{CHECKSUM_INIT, OftChecksum, OftPacket, OftRepr, checksum};
use codec_aim::proxy::{ProxyPacket, ProxyRepr};
use codec_aim::rewrite::{NatMapping, Outcome, rewrite_in_place, rewrite_rebuild};
use codec_aim::snac::{SnacError, SnacFlags, SnacPacket, SnacRepr};
use codec_aim::tlv::TlvChain;
use std::net::Ipv4Addr;
use std::string::String;
use std::vec::Vec;

/// What the deframer reports, owned, for comparing two runs: the frame's bytes (and
/// offset), or the event's summary.
fn owned(event: &Event<'_>) -> (u64, Vec<u8>, Option<String>) {
    match event {
        Event::Frame(f) => {
            assert_eq!(
                f.bytes.len(),
                flap::HEADER_LEN + f.payload.len(),
                "frame length"
            );
            assert_eq!(f.bytes[0], flap::START, "a frame starts with 0x2a");
            let view = f
                .view()
                .unwrap_or_else(|e| panic!("a deframed FLAP does not parse: {e}"));
            assert_eq!(view.payload(), f.payload, "view payload");
            assert_eq!(view.sequence(), f.sequence, "view sequence");
            assert_eq!(view.channel(), f.channel, "view channel");
            (f.offset, f.bytes.to_vec(), None)
        }
        other => {
            if let Some(e) = other.error() {
                format_both("a FLAP stream error", &e);
            }
            (other.offset(), Vec::new(), Some(other.to_string()))
        }
    }
}

/// The FLAP deframer under arbitrary chunking: the first byte picks the buffer size (small
/// ones exercise too-long frames), the next bytes the cut points; the events of the whole
/// stream fed at once must equal those of the chunked stream, and every frame must parse.
/// The first four frames are handed to [`aim_snac_tlv`] (channel 2) or parsed as sign-on
/// bodies.
pub fn aim_flap_deframe(data: &[u8]) {
    let [cap, c0, c1, c2, stream @ ..] = data else {
        return;
    };
    let cap = match cap % 4 {
        0 => flap::MAX_FRAME_LEN,
        1 => 64,
        2 => 7,
        _ => 300,
    };
    let run = |cuts: &[usize]| -> Vec<(u64, Vec<u8>, Option<String>)> {
        let mut d = Deframer::new(std::vec![0u8; cap]);
        let mut out = Vec::new();
        let mut prev = 0;
        for &c in cuts.iter().chain(core::iter::once(&stream.len())) {
            let c = c.clamp(prev, stream.len());
            d.push(&stream[prev..c], |e| out.push(owned(&e)));
            prev = c;
        }
        assert!(
            d.position() == stream.len() as u64,
            "position is the bytes fed"
        );
        if let Some(e) = d.finish() {
            out.push(owned(&e));
        }
        out
    };
    let whole = run(&[]);
    let len = stream.len().max(1);
    let mut cuts = [
        usize::from(*c0) * len / 256,
        usize::from(*c1) * len / 256,
        usize::from(*c2) * len / 256,
    ];
    cuts.sort_unstable();
    assert_eq!(run(&cuts), whole, "events depend on the chunking");
    let bytewise: Vec<usize> = (1..stream.len().min(64)).collect();
    assert_eq!(
        run(&bytewise),
        whole,
        "events of a byte-at-a-time feed differ"
    );

    // The first few frames go on to the SNAC decoders (their own target covers them
    // fully; here they only need to be reached from a stream).
    let mut d = Deframer::new(std::vec![0u8; cap]);
    let mut handed = 0;
    d.push(stream, |e| {
        if let Event::Frame(f) = e
            && handed < 4
        {
            handed += 1;
            match f.channel {
                FlapChannel::Data => aim_snac_tlv(f.payload),
                FlapChannel::SignOn => {
                    if let Ok(s) = FlapSignon::parse(f.payload) {
                        let mut out = std::vec![0u8; s.buffer_len()];
                        s.emit(&mut out).unwrap();
                        assert_eq!(out, f.payload, "sign-on emit(parse(b)) != b");
                    }
                }
                _ => {}
            }
        }
    });
}

/// Re-emits a chain in its three forms and parses them back.
fn chain_forms(chain: TlvChain<'_>) {
    format_both("a TLV chain", &chain);
    let n = chain.count();
    for t in chain.iter() {
        assert!(chain.first(t.kind).is_some() && chain.last(t.kind).is_some());
    }
    assert_eq!(
        chain.iter().map(|t| t.len()).sum::<usize>(),
        chain.len(),
        "TLVs cover the chain"
    );
    if chain.len() > usize::from(u16::MAX) {
        return;
    }
    let mut buf = std::vec![0u8; chain.len() + 2];
    let mut w = codec_core::Writer::new(codec_core::Protocol::OscarTlv, &mut buf);
    codec_aim::tlv::write_length_prefixed(&mut w, chain).unwrap();
    let (back, rest) = TlvChain::parse_length_prefixed(&buf).unwrap();
    assert!(
        rest.is_empty() && back == chain,
        "length-prefixed round trip"
    );
    if n <= usize::from(u16::MAX) {
        let mut w = codec_core::Writer::new(codec_core::Protocol::OscarTlv, &mut buf);
        codec_aim::tlv::write_counted(&mut w, chain).unwrap();
        let (back, count, rest) = TlvChain::parse_counted(&buf).unwrap();
        assert!(
            rest.is_empty() && back == chain && usize::from(count) == n,
            "counted round trip"
        );
    }
}

/// SNAC and TLV decoding: `data` as a SNAC (the 0x8000 block included) whose repr must
/// emit the same bytes; its data as an error body, as ICBM 4/6 and 4/7, as a user-info
/// block, and as TLVs in the three forms, each re-emitted byte for byte where it parsed.
pub fn aim_snac_tlv(data: &[u8]) {
    match SnacPacket::parse(data) {
        Ok(snac) => {
            format_both("a SNAC", &snac);
            let _ = (snac.subtype_name(), snac.is_error());
            if let Some(c) = snac.optional_tlvs() {
                chain_forms(c);
            }
            assert_eq!(
                snac.data_offset() + snac.data().len(),
                data.len(),
                "header, block and data cover the SNAC"
            );
            let repr = SnacRepr::parse(&snac).unwrap();
            format_both("a SNAC repr", &repr);
            let mut out = std::vec![0u8; repr.buffer_len()];
            assert_eq!(repr.emit(&mut out).unwrap(), data.len());
            assert_eq!(out, data, "SNAC emit(parse(b)) != b");
            icbm_bodies(snac.data());
        }
        Err(e) => {
            format_both("a SNAC error", &e);
            icbm_bodies(data);
        }
    }
}

fn icbm_bodies(data: &[u8]) {
    if let Ok(e) = SnacError::parse(data) {
        format_both("a SNAC error body", &e);
        let mut out = std::vec![0u8; e.buffer_len()];
        e.emit(&mut out).unwrap();
        assert_eq!(out, data, "SNAC error emit(parse(b)) != b");
    }
    if let Ok(c) = TlvChain::parse(data) {
        chain_forms(c);
    }
    if let Ok((c, _, _)) = TlvChain::parse_counted(data) {
        chain_forms(c);
    }
    if let Ok((c, _)) = TlvChain::parse_length_prefixed(data) {
        chain_forms(c);
    }
    if let Ok((info, rest)) = UserInfo::parse(data) {
        assert_eq!(
            info.buffer_len() + rest.len(),
            data.len(),
            "user info length"
        );
    }
    if let Ok(m) = IcbmMessage::parse(data) {
        format_both("an ICBM 4/6", &m);
        let mut out = std::vec![0u8; m.buffer_len()];
        m.emit(&mut out).unwrap();
        assert_eq!(out, data, "ICBM 4/6 emit(parse(b)) != b");
        let _ = (m.cookies_match(), m.text());
        if let Some(Ok(r)) = m.rendezvous() {
            rendezvous_accessors(&r);
        }
    }
    if let Ok(m) = IcbmIncoming::parse(data) {
        format_both("an ICBM 4/7", &m);
        let mut out = std::vec![0u8; m.buffer_len()];
        m.emit(&mut out).unwrap();
        assert_eq!(out, data, "ICBM 4/7 emit(parse(b)) != b");
        let _ = m.text();
        if let Some(Ok(r)) = m.rendezvous() {
            rendezvous_accessors(&r);
        }
    }
}

fn rendezvous_accessors(r: &codec_aim::icbm::Rendezvous<&[u8]>) {
    format_both("a rendezvous block", r);
    let _ = (
        r.kind(),
        r.cookie(),
        r.proxy_ip(),
        r.client_ip(),
        r.verified_ip(),
        r.port(),
        r.request_number(),
        r.cancel_reason(),
        r.use_proxy(),
        r.xor_check(),
    );
    if let Some(Ok(f)) = r.send_file() {
        let mut out = std::vec![0u8; f.buffer_len()];
        f.emit(&mut out).unwrap();
        let _ = f.name();
    }
    let repr = RendezvousRepr::parse(r).unwrap();
    let mut out = std::vec![0u8; repr.buffer_len()];
    repr.emit(&mut out).unwrap();
    let p = r.params();
    format_debug("rendezvous params", &p);
}

/// The ICBM rendezvous block and the NAT rewrite: `data` (after 9 bytes choosing the
/// mapping and the SNAC flags) is the data of a 4/6 SNAC wrapped in a FLAP. The in-place
/// rewrite must keep the length, the sequence and every TLV outside the address ones, and
/// leave consistent XOR checks; a proposal that needs a rebuild must rebuild into a FLAP
/// that rewrites in place to the same addresses.
pub fn aim_icbm_rendezvous(data: &[u8]) {
    let [a, b, c, d, p0, p1, keep_port, xor, flags, body @ ..] = data else {
        return;
    };
    let mapping = NatMapping {
        public_ip: Ipv4Addr::new(*a, *b, *c, *d),
        public_port: (keep_port & 1 == 0).then_some(u16::from_be_bytes([*p0, *p1])),
        recompute_xor: xor & 1 == 0,
    };
    let with_block = flags & 1 == 1;
    let mut snac = std::vec![0x00, 0x04, 0x00, 0x06];
    snac.extend_from_slice(if with_block { &[0x80, 0x00] } else { &[0, 0] });
    snac.extend_from_slice(&[0, 0, 0, 7]);
    if with_block {
        snac.extend_from_slice(&[0x00, 0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x04]);
    }
    snac.extend_from_slice(body);
    if snac.len() > flap::MAX_PAYLOAD_LEN {
        return;
    }
    let mut wire = std::vec![0u8; flap::HEADER_LEN + snac.len()];
    FlapRepr {
        channel: FlapChannel::Data,
        sequence: 0x0bad,
        payload: &snac,
    }
    .emit(&mut wire)
    .unwrap();
    icbm_bodies(body);

    let before = wire.clone();
    let outcome = rewrite_in_place(&mut wire, &mapping);
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            format_both("a rewrite error", &e);
            assert_eq!(wire, before, "a failed rewrite wrote");
            return;
        }
    };
    format_both("a rewrite outcome", &outcome);
    match outcome {
        Outcome::Rewritten(report) => {
            assert_eq!(wire.len(), before.len());
            assert_eq!(wire[..16 + 8], before[..16 + 8], "headers and cookie kept");
            let f = FlapFrame::parse(&wire[..]).unwrap();
            let s = SnacPacket::parse(f.payload()).unwrap();
            let m = IcbmMessage::parse(s.data()).unwrap();
            let r = m.rendezvous().unwrap().unwrap();
            assert_eq!(
                r.client_ip(),
                Some(mapping.public_ip),
                "client IP rewritten"
            );
            if let Some(port) = mapping.public_port {
                assert_eq!(r.port(), Some(port), "port rewritten");
            }
            assert_eq!(report.cookie, r.cookie());
            if mapping.recompute_xor && (r.port().is_some() || r.port_xor().is_none()) {
                assert_ne!(r.xor_check(), Some(false), "XOR checks left inconsistent");
            }
            // A second rewrite to the same mapping changes nothing.
            let once = wire.clone();
            rewrite_in_place(&mut wire, &mapping).unwrap();
            assert_eq!(wire, once, "the rewrite is not idempotent");
            if mapping.recompute_xor {
                let mut out = std::vec![0u8; wire.len() + 32];
                let n = rewrite_rebuild(&before, &mapping, &mut out).unwrap();
                assert_eq!(
                    &out[..n],
                    &once[..],
                    "rebuild differs from the in-place rewrite"
                );
            }
        }
        Outcome::NeedsRebuild => {
            assert_eq!(wire, before, "NeedsRebuild wrote");
            let mut out = std::vec![0u8; wire.len() + 64];
            match rewrite_rebuild(&before, &mapping, &mut out) {
                Ok(n) => {
                    let mut rebuilt = out[..n].to_vec();
                    match rewrite_in_place(&mut rebuilt, &mapping).unwrap() {
                        Outcome::Rewritten(_) => {
                            assert_eq!(rebuilt, &out[..n], "the rebuilt FLAP is not final")
                        }
                        other => panic!("a rebuilt proposal rewrites as {other:?}"),
                    }
                }
                Err(e) => {
                    format_both("a rebuild error", &e);
                }
            }
        }
        Outcome::NotAProposal | Outcome::Proxied => assert_eq!(wire, before, "{outcome:?} wrote"),
    }
}

/// The OFT2 header and the OFT checksum: `data` as a header (every accessor; the repr
/// re-emits it byte for byte when its name area is zero after the name's NUL), and the
/// word-at-a-time checksum against libpurple's bytewise routine, whole and cut in two at a
/// point the first byte picks, from a start value the next two pick.
pub fn aim_oft(data: &[u8]) {
    match OftPacket::parse(data) {
        Ok(p) => {
            format_both("an OFT header", &p);
            let _ = (p.kind(), p.flags(), p.id_string(), p.rest());
            let _ = p.path_components().count();
            let repr = OftRepr::parse(&p).unwrap();
            format_both("an OFT repr", &repr);
            let len = repr.buffer_len();
            let mut out = std::vec![0u8; len];
            assert_eq!(repr.emit(&mut out).unwrap(), len);
            let area = p.name_area();
            let canonical = area[p.file_name().len()..].iter().all(|&b| b == 0);
            if canonical {
                assert_eq!(out, data[..len], "OFT emit(parse(b)) != b");
            }
            let back = OftPacket::parse(&out[..]).unwrap();
            assert_eq!(
                OftRepr::parse(&back).unwrap(),
                repr,
                "OFT parse(emit(r)) != r"
            );
        }
        Err(e) => {
            format_both("an OFT error", &e);
        }
    }
    let (cut, prev, bytes) = match data {
        [c, p0, p1, rest @ ..] => (
            usize::from(*c) * rest.len() / 256,
            u32::from(u16::from_be_bytes([*p0, *p1])) << 16,
            rest,
        ),
        _ => (0, CHECKSUM_INIT, data),
    };
    assert_eq!(
        checksum(bytes),
        codec_aim::oft::checksum_bytewise(bytes, CHECKSUM_INIT, false),
        "OFT checksum differs from libpurple's"
    );
    let mut c = OftChecksum::resume(prev, u64::from(prev >> 16 & 1));
    c.update(&bytes[..cut]);
    c.update(&bytes[cut..]);
    let odd = prev >> 16 & 1 == 1;
    let first = codec_aim::oft::checksum_bytewise(&bytes[..cut], prev, odd);
    let second = codec_aim::oft::checksum_bytewise(&bytes[cut..], first, odd != (cut % 2 == 1));
    assert_eq!(
        c.value(),
        second,
        "incremental OFT checksum differs from libpurple's"
    );
}

/// The rendezvous proxy and ODC2: `data` as a proxy packet (a repr re-emits it byte for
/// byte) and as an ODC2 header and payload (likewise, for 76-byte headers whose zero fields
/// are zero and whose screen name is NUL-padded).
pub fn aim_proxy(data: &[u8]) {
    match ProxyPacket::parse(data) {
        Ok(p) => {
            format_both("a proxy packet", &p);
            assert_eq!(p.packet_len() + p.rest().len(), data.len(), "proxy length");
            if let Ok(r) = ProxyRepr::parse(&p) {
                format_both("a proxy repr", &r);
                let mut out = std::vec![0u8; r.buffer_len()];
                assert_eq!(r.emit(&mut out).unwrap(), p.packet_len());
                assert_eq!(out, data[..p.packet_len()], "proxy emit(parse(b)) != b");
            }
        }
        Err(e) => {
            format_both("a proxy error", &e);
        }
    }
    match OdcPacket::parse(data) {
        Ok(p) => {
            format_both("an ODC header", &p);
            let r = OdcRepr::parse(&p).unwrap();
            let mut out = std::vec![0u8; r.buffer_len()];
            r.emit(&mut out).unwrap();
            let back = OdcPacket::parse(&out[..]).unwrap();
            assert_eq!(OdcRepr::parse(&back).unwrap(), r, "ODC parse(emit(r)) != r");
            let h = p.header();
            let name = &h.screen_name[p.screen_name().len()..];
            let canonical = p.extra_header().is_empty()
                && h.zero1.get() == 0
                && h.zero2 == [0; 8]
                && h.zero3 == [0; 4]
                && h.zero4 == [0; 4]
                && name.iter().all(|&b| b == 0);
            if canonical {
                let len = out.len();
                assert_eq!(out, data[..len], "ODC emit(parse(b)) != b");
            }
        }
        Err(e) => {
            format_both("an ODC error", &e);
        }
    }
}

#[derive(Debug, Arbitrary)]
enum AnyRepr<'a> {
    Flap(FlapRepr<'a>),
    Snac(SnacRepr<'a>),
    Icbm(IcbmMessage<'a>),
    Incoming(IcbmIncoming<'a>),
    Rendezvous(RendezvousRepr<'a>),
    Params(RendezvousParams<'a>),
    SendFile(SendFileData<'a>),
    Oft(OftRepr<'a>),
    Proxy(ProxyRepr<'a>),
    Odc(OdcRepr<'a>),
    Proposal {
        cookie: [u8; 8],
        screen_name: &'a [u8],
        host_ack: bool,
        kind: RendezvousType,
        capability: Capability,
        params: RendezvousParams<'a>,
    },
}

/// Builder round trip of every OSCAR repr: an arbitrary repr is emitted, parsed back and
/// compared (`parse(emit(r)) == r`); a repr without an encoding must be refused by `emit`.
pub fn aim_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(repr) = AnyRepr::arbitrary(&mut u) else {
        return;
    };
    let mut buf = std::vec![0u8; 1 << 17];
    match repr {
        AnyRepr::Flap(r) => match r.emit(&mut buf) {
            Ok(n) => {
                let f = FlapFrame::parse(&buf[..n]).unwrap();
                assert_eq!(FlapRepr::parse(&f).unwrap(), r, "FLAP parse(emit(r)) != r");
            }
            Err(_) => assert!(
                r.payload.len() > flap::MAX_PAYLOAD_LEN,
                "FLAP emit refused {r:?}"
            ),
        },
        AnyRepr::Snac(mut r) => {
            r.flags
                .set(SnacFlags::OPTIONAL_TLVS, r.optional_tlvs.is_some());
            match r.emit(&mut buf) {
                Ok(n) => {
                    let s = SnacPacket::parse(&buf[..n]).unwrap();
                    assert_eq!(SnacRepr::parse(&s).unwrap(), r, "SNAC parse(emit(r)) != r");
                }
                Err(_) => assert!(
                    r.optional_tlvs.is_some_and(|c| c.len() > 0xffff),
                    "SNAC emit refused {r:?}"
                ),
            }
        }
        AnyRepr::Icbm(r) => {
            if let Ok(n) = r.emit(&mut buf) {
                assert_eq!(
                    IcbmMessage::parse(&buf[..n]).unwrap(),
                    r,
                    "ICBM parse(emit(r)) != r"
                );
            } else {
                assert!(r.screen_name.len() > 255, "ICBM emit refused {r:?}");
            }
        }
        AnyRepr::Incoming(r) => {
            if let Ok(n) = r.emit(&mut buf) {
                assert_eq!(
                    IcbmIncoming::parse(&buf[..n]).unwrap(),
                    r,
                    "4/7 parse(emit(r)) != r"
                );
            } else {
                assert!(r.sender.screen_name.len() > 255, "4/7 emit refused {r:?}");
            }
        }
        AnyRepr::Rendezvous(r) => {
            let n = r.emit(&mut buf).unwrap();
            let v = codec_aim::icbm::Rendezvous::parse(&buf[..n]).unwrap();
            assert_eq!(
                RendezvousRepr::parse(&v).unwrap(),
                r,
                "rendezvous parse(emit(r)) != r"
            );
        }
        AnyRepr::Params(p) => {
            let mut w = codec_core::Writer::new(codec_core::Protocol::Icbm, &mut buf);
            if p.emit(&mut w).is_ok() {
                let n = w.position();
                assert_eq!(n, p.buffer_len(), "params buffer_len");
                let chain = TlvChain::parse(&buf[..n]).unwrap();
                let back = RendezvousParams::from_chain(chain);
                assert_eq!(back, p, "params parse(emit(p)) != p");
            }
        }
        AnyRepr::SendFile(f) => {
            let n = f.emit(&mut buf).unwrap();
            assert_eq!(
                SendFileData::parse(&buf[..n]).unwrap(),
                f,
                "send file round trip"
            );
        }
        AnyRepr::Oft(r) => match r.emit(&mut buf) {
            Ok(n) => {
                let p = OftPacket::parse(&buf[..n]).unwrap();
                let back = OftRepr::parse(&p).unwrap();
                // The name is read up to its first NUL.
                if !r.name.contains(&0) {
                    assert_eq!(back, r, "OFT parse(emit(r)) != r");
                } else {
                    assert_eq!(back.name, &r.name[..back.name.len()], "OFT name prefix");
                }
            }
            Err(_) => {
                let area = usize::from(r.name_area_len);
                assert!(
                    area < 64 || area < r.name.len() || r.buffer_len() > 0xffff,
                    "OFT emit refused {r:?}"
                );
            }
        },
        AnyRepr::Proxy(r) => {
            if let Ok(n) = r.emit(&mut buf) {
                let p = ProxyPacket::parse(&buf[..n]).unwrap();
                match ProxyRepr::parse(&p) {
                    Ok(back) => assert_eq!(back, r, "proxy parse(emit(r)) != r"),
                    Err(e) => panic!("an emitted proxy packet does not parse: {e} {r:?}"),
                }
            }
        }
        AnyRepr::Odc(r) => {
            if let Ok(n) = r.emit(&mut buf) {
                let p = OdcPacket::parse(&buf[..n]).unwrap();
                let back = OdcRepr::parse(&p).unwrap();
                if !r.screen_name.contains(&0) {
                    assert_eq!(back, r, "ODC parse(emit(r)) != r");
                }
            } else {
                assert!(r.screen_name.len() > 32, "ODC emit refused {r:?}");
            }
        }
        AnyRepr::Proposal {
            cookie,
            screen_name,
            host_ack,
            kind,
            capability,
            params,
        } => {
            if let Ok(n) = emit_rendezvous_icbm(
                cookie,
                screen_name,
                host_ack,
                kind,
                capability,
                &params,
                &mut buf,
            ) {
                let m = IcbmMessage::parse(&buf[..n]).unwrap();
                assert_eq!(m.cookies_match(), Some(true), "proposal cookies");
                let r = m.rendezvous().unwrap().unwrap();
                assert_eq!((r.kind(), r.capability()), (kind, capability));
                assert_eq!(r.params(), params, "proposal params round trip");
            }
        }
    }
}
