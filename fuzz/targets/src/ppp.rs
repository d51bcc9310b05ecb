//! Decoder targets of codec-link's PPP family: the PPP frame header, the control protocols
//! (LCP, IPCP, IPV6CP, CCP) with their typed options, PAP, CHAP and PPPoE.

use crate::{MAX_DEPTH, format_both, format_debug};
use codec_core::{Protocol, Writer};
use codec_link::ppp::ccp::{Ccp, CcpPacket};
use codec_link::ppp::chap::{ChapCode, ChapMessage, ChapPacket, ChapRepr, MS_CHAP_V2_RESPONSE_LEN};
use codec_link::ppp::control::{
    ConfigOption, ControlCode, ControlData, ControlPacket, ControlProtocol, ControlRepr,
    OptionList, Options,
};
use codec_link::ppp::ipcp::{Ipcp, IpcpPacket};
use codec_link::ppp::ipv6cp::Ipv6cp;
use codec_link::ppp::lcp::{Lcp, LcpPacket};
use codec_link::ppp::pap::{PapCode, PapMessage, PapPacket, PapRepr};
use codec_link::ppp::{PppFrame, PppProtocol, PppRepr};
use codec_link::pppoe::{PppoeCode, PppoePacket, PppoeRepr, PppoeTag, TagList};

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

// ---------------------------------------------------------------------------------------
// PPP frame

/// Decoder target for PPP frames (all four ACFC/PFC forms): every accessor, and the repr
/// (`emit(parse(b)) == b` over the header whenever the protocol number is well formed; emit
/// refuses the others). The information field goes to the control-protocol, PAP, CHAP or IP
/// body.
pub fn ppp(data: &[u8]) {
    ppp_at(data, 0);
}

pub(crate) fn ppp_at(data: &[u8], depth: u8) {
    let f = match PppFrame::parse(data) {
        Ok(f) => f,
        Err(e) => {
            format_both("a PPP parse error", &e);
            return;
        }
    };
    let hl = f.header_len();
    assert!((1..=4).contains(&hl), "PPP header length {hl}");
    let ac = data.starts_with(&[0xff, 0x03]);
    assert_eq!(f.has_address_control(), ac, "address and control");
    let at = if ac { 2 } else { 0 };
    let compressed = data[at] & 1 == 1;
    assert_eq!(
        f.is_protocol_compressed(),
        compressed,
        "protocol compression"
    );
    assert_eq!(hl, at + if compressed { 1 } else { 2 }, "header length");
    let value = if compressed {
        u16::from(data[at])
    } else {
        be16(data, at)
    };
    assert_eq!(f.protocol().value(), value, "protocol");
    assert_eq!(value & 1, 1, "a parsed protocol number is odd");
    assert_eq!(f.payload(), &data[hl..], "information field");
    let p = f.protocol();
    let _ = (
        p.is_well_formed(),
        p.is_compressible(),
        p.is_control(),
        p.name(),
    );
    format_both("a PPP frame", &f);

    let repr = PppRepr::parse(&f).unwrap_or_else(|e| panic!("PPP repr of a parsed frame: {e}"));
    format_both("a PPP repr", &repr);
    let mut out = [0xa5u8; 8];
    match repr.emit(&mut out) {
        Ok(n) => {
            assert!(p.is_well_formed(), "emit took an ill-formed protocol");
            assert_eq!((n, repr.buffer_len()), (hl, hl), "PPP emit length");
            assert_eq!(
                out[..n],
                data[..hl],
                "PPP emit(parse(b)) != b over the header"
            );
            assert!(
                repr.emit(&mut out[..n - 1]).is_err(),
                "emit into a short buffer"
            );
        }
        Err(e) => {
            format_both("a PPP emit error", &e);
            assert!(
                !p.is_well_formed(),
                "emit refused a well-formed protocol: {e}"
            );
        }
    }

    if depth < MAX_DEPTH {
        let info = f.payload();
        match p {
            PppProtocol::Lcp => lcp(info),
            PppProtocol::Ipcp => ipcp(info),
            PppProtocol::Ipv6cp => ipv6cp(info),
            PppProtocol::Ccp => ccp(info),
            PppProtocol::Pap => pap(info),
            PppProtocol::Chap => chap(info),
            PppProtocol::Ipv4 => crate::inet::ipv4_at(info, depth + 1),
            PppProtocol::Ipv6 => crate::inet::ipv6_at(info, depth + 1),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// Control protocols

/// A repr built from a control packet's typed options equals the parsed repr (both ways)
/// and emits the same bytes. A macro rather than a generic function: `ControlRepr<'a, P>`
/// is invariant in `'a` through `P::Opt<'a>`, and only a named option type lets the
/// options' lifetime shrink to the borrow of the vector that holds them.
macro_rules! typed_options_repr {
    ($proto:ty, $data:expr) => {
        if let Ok(p) = ControlPacket::<&[u8], $proto>::parse($data) {
            let options: Vec<_> = p.options().collect();
            let repr = ControlRepr::<$proto>::parse(&p)
                .unwrap_or_else(|e| panic!("repr of a parsed control packet: {e}"));
            let list = OptionList::Typed(&options[..]);
            let typed_data = match repr.data {
                ControlData::ConfigureRequest(_) => Some(ControlData::ConfigureRequest(list)),
                ControlData::ConfigureAck(_) => Some(ControlData::ConfigureAck(list)),
                ControlData::ConfigureNak(_) => Some(ControlData::ConfigureNak(list)),
                ControlData::ConfigureReject(_) => Some(ControlData::ConfigureReject(list)),
                _ => None,
            };
            if let Some(d) = typed_data {
                let typed = ControlRepr::<$proto> {
                    identifier: p.identifier(),
                    data: d,
                };
                format_both("a typed control repr", &typed);
                assert_eq!(
                    typed, repr,
                    "a repr of the typed options != the parsed repr"
                );
                assert_eq!(repr, typed, "equality of option lists is not symmetric");
                let length = usize::from(p.length());
                let mut out = vec![0u8; length];
                let n = typed
                    .emit(&mut out)
                    .unwrap_or_else(|e| panic!("emit of the typed options failed: {e}"));
                assert_eq!(
                    out[..n],
                    $data[..length],
                    "the typed options emit other bytes"
                );
            }
        }
    };
}

/// Decoder target for LCP packets: [`control`](ControlPacket) checks plus LCP's own option
/// accessors.
pub fn lcp(data: &[u8]) {
    control_at::<Lcp>(data);
    typed_options_repr!(Lcp, data);
    if let Ok(p) = LcpPacket::parse(data) {
        for o in p.options() {
            let _ = (o.option_type().name(), o.lqr_reporting_period());
        }
    }
}

/// Decoder target for IPCP packets.
pub fn ipcp(data: &[u8]) {
    control_at::<Ipcp>(data);
    typed_options_repr!(Ipcp, data);
    if let Ok(p) = IpcpPacket::parse(data) {
        for o in p.options() {
            let _ = o.option_type().name();
        }
    }
}

/// Decoder target for IPV6CP packets.
pub fn ipv6cp(data: &[u8]) {
    control_at::<Ipv6cp>(data);
    typed_options_repr!(Ipv6cp, data);
}

/// Decoder target for CCP packets.
pub fn ccp(data: &[u8]) {
    control_at::<Ccp>(data);
    typed_options_repr!(Ccp, data);
    if let Ok(p) = CcpPacket::parse(data) {
        for o in p.options() {
            let _ = o.option_type().name();
        }
    }
}

/// The body of the control-protocol targets, for protocol `P`: header accessors, the data
/// typed by code, the typed options walked to the end (every option, damaged or not, emits
/// its own bytes, so the walk re-emits the data exactly), and the repr (`emit(parse(b)) ==
/// b` up to the length). The per-protocol targets add `typed_options_repr!`.
pub(crate) fn control_at<P: ControlProtocol>(data: &[u8]) {
    let p = match ControlPacket::<&[u8], P>::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a control packet parse error", &e);
            return;
        }
    };
    let length = usize::from(p.length());
    assert_eq!(p.code().value(), data[0], "code");
    assert_eq!(p.identifier(), data[1], "identifier");
    assert_eq!(p.length(), be16(data, 2), "length");
    assert_eq!(p.data(), &data[4..length], "data");
    assert_eq!(p.padding(), &data[length..], "padding");
    let body = p.body();
    format_debug("control data", &body);
    assert_eq!(body.code().value(), data[0], "the data's code");
    assert_eq!(body.buffer_len(), length - 4, "the data's length");
    assert_eq!(p.magic_number(), body.magic_number(), "magic number");
    let typed_code = P::uses_code(p.code()) && !matches!(p.code(), ControlCode::Unknown(_));
    assert_eq!(
        matches!(body, ControlData::Unknown { .. }),
        !typed_code,
        "the data is typed exactly for the codes the protocol uses"
    );
    let _ = (
        p.code().carries_options(),
        p.code().min_data_len(),
        p.code().name(),
    );
    format_both("a control packet", &p);

    // The typed options, walked to the end: they emit the data back exactly.
    let options: Vec<_> = p.options().collect();
    assert!(
        options.len() <= p.data().len(),
        "more options than data bytes"
    );
    let mut buf = vec![0u8; p.data().len() + 8];
    let mut w = Writer::new(Protocol::Tlv, &mut buf);
    let mut invalid = false;
    for (i, o) in options.iter().enumerate() {
        format_both("an option", o);
        let _ = (o.kind(), o.value_len());
        let before = w.position();
        o.emit(&mut w)
            .unwrap_or_else(|e| panic!("emit of parsed option {o:?} failed: {e}"));
        assert_eq!(w.position() - before, o.buffer_len(), "option buffer_len");
        if o.as_invalid().is_some() {
            assert_eq!(i + 1, options.len(), "an option after an invalid tail");
            invalid = true;
        }
    }
    assert_eq!(
        w.written(),
        p.data(),
        "the parsed options do not re-emit the data"
    );
    assert_eq!(
        Options::<P::Opt<'_>>::check(P::PROTOCOL, p.data()).is_ok(),
        !invalid,
        "Options::check fails exactly when the walk ends in an invalid tail"
    );
    let mut at = 0;
    for (offset, o) in Options::<P::Opt<'_>>::new(p.data()).positioned() {
        assert_eq!(offset, at, "option offset");
        at += o.buffer_len();
    }

    // The repr.
    let repr = ControlRepr::<P>::parse(&p)
        .unwrap_or_else(|e| panic!("repr of a parsed control packet: {e}"));
    format_both("a control repr", &repr);
    assert_eq!(repr.identifier, p.identifier(), "repr identifier");
    assert_eq!(repr.code(), p.code(), "repr code");
    assert_eq!(repr.data, body, "repr data");
    assert_eq!(repr.buffer_len(), length, "repr buffer_len");
    let mut out = vec![0xa5u8; length + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed control repr failed: {e}"));
    assert_eq!(out[..n], data[..length], "control emit(parse(b)) != b");
    assert!(
        out[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the packet"
    );
    assert!(
        repr.emit(&mut out[..n - 1]).is_err(),
        "emit into a short buffer"
    );

    let mut copy = data.to_vec();
    {
        let mut m =
            ControlPacket::<&mut [u8], P>::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_code(p.code());
        m.set_identifier(p.identifier());
        assert_eq!(m.data_mut().len(), length - 4, "mutable data");
        format_debug("a mutable control packet", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed control fields changed the packet"
    );
}

// ---------------------------------------------------------------------------------------
// PAP, CHAP

/// Decoder target for PAP packets: every accessor, and the repr (`emit(parse(b))` gives the
/// packet back up to the counted fields PAP keeps: the whole packet when its length is
/// exactly theirs).
pub fn pap(data: &[u8]) {
    let p = match PapPacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a PAP parse error", &e);
            return;
        }
    };
    let length = usize::from(p.length());
    assert_eq!(
        (p.code().value(), p.identifier(), p.length()),
        (data[0], data[1], be16(data, 2)),
        "PAP header"
    );
    assert_eq!(
        (p.data(), p.padding()),
        (&data[4..length], &data[length..]),
        "data/padding"
    );
    let m = p.message();
    format_debug("a PAP message", &m);
    assert_eq!(m.code(), p.code(), "message code");
    match m {
        PapMessage::AuthenticateRequest { peer_id, password } => {
            assert_eq!(
                (p.peer_id(), p.password(), p.text()),
                (Some(peer_id), Some(password), None)
            );
            assert_eq!(peer_id, &data[5..5 + peer_id.len()], "peer-id");
        }
        PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
            assert_eq!(
                (p.peer_id(), p.password(), p.text()),
                (None, None, Some(message))
            );
            assert_eq!(message, &data[5..5 + message.len()], "message");
        }
        PapMessage::Unknown { code, data: d } => {
            assert!(
                matches!(PapCode::from_value(code), PapCode::Unknown(_)),
                "a typed code kept unknown"
            );
            assert_eq!(d, p.data(), "unknown data");
        }
    }
    format_both("a PAP packet", &p);
    let repr = PapRepr::parse(&p).unwrap_or_else(|e| panic!("PAP repr of a parsed packet: {e}"));
    format_both("a PAP repr", &repr);
    assert_eq!(repr.message, m, "repr message");
    let len = repr.buffer_len();
    assert!(len <= length, "the repr is longer than the packet");
    let mut out = vec![0xa5u8; len + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed PAP repr failed: {e}"));
    assert_eq!(n, len, "PAP emit length");
    assert_eq!(out[..2], data[..2], "PAP code and identifier");
    assert_eq!(usize::from(be16(&out, 2)), len, "PAP emitted length");
    assert_eq!(
        out[4..n],
        data[4..len],
        "PAP emit(parse(b)) != b up to the counted fields"
    );
    if len == length {
        assert_eq!(out[..n], data[..length], "PAP emit(parse(b)) != b");
    }
    let back = PapPacket::parse(&out[..n]).unwrap_or_else(|e| panic!("emitted PAP: {e}"));
    assert_eq!(
        PapRepr::parse(&back).ok(),
        Some(repr),
        "PAP parse(emit(r)) != r"
    );
    let mut copy = data.to_vec();
    {
        let mut mp = PapPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        mp.set_identifier(p.identifier());
        format_debug("a mutable PAP packet", &mp);
    }
    assert_eq!(
        copy, data,
        "rewriting the PAP identifier changed the packet"
    );
}

/// Decoder target for CHAP packets: every accessor (the MS-CHAPv2 response layout
/// included), and the repr (`emit(parse(b)) == b` up to the length).
pub fn chap(data: &[u8]) {
    let p = match ChapPacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a CHAP parse error", &e);
            return;
        }
    };
    let length = usize::from(p.length());
    assert_eq!(
        (p.code().value(), p.identifier(), p.length()),
        (data[0], data[1], be16(data, 2)),
        "CHAP header"
    );
    assert_eq!(
        (p.data(), p.padding()),
        (&data[4..length], &data[length..]),
        "data/padding"
    );
    let m = p.message();
    format_debug("a CHAP message", &m);
    assert_eq!(m.code(), p.code(), "message code");
    match m {
        ChapMessage::Challenge { value, name } | ChapMessage::Response { value, name } => {
            assert_eq!(
                (p.value(), p.name(), p.text()),
                (Some(value), Some(name), None)
            );
            assert_eq!(usize::from(data[4]), value.len(), "value size");
            assert_eq!(
                5 + value.len() + name.len(),
                length,
                "value and name fill the packet"
            );
            let ms = m.ms_chap_v2_response();
            assert_eq!(
                ms.is_some(),
                p.code() == ChapCode::Response && value.len() == MS_CHAP_V2_RESPONSE_LEN,
                "MS-CHAPv2 layout of a 49-byte response"
            );
            if let Some(r) = ms {
                format_debug("an MS-CHAPv2 response", r);
                assert_eq!(r.peer_challenge, value[..16], "peer challenge");
                assert_eq!(r.nt_response, value[24..48], "NT-Response");
                assert_eq!(r.flags, value[48], "flags");
            }
        }
        ChapMessage::Success { message } | ChapMessage::Failure { message } => {
            assert_eq!((p.value(), p.name(), p.text()), (None, None, Some(message)));
            assert_eq!(message, p.data(), "message");
        }
        ChapMessage::Unknown { code, data: d } => {
            assert!(
                matches!(ChapCode::from_value(code), ChapCode::Unknown(_)),
                "a typed code kept unknown"
            );
            assert_eq!(d, p.data(), "unknown data");
        }
    }
    format_both("a CHAP packet", &p);
    let repr = ChapRepr::parse(&p).unwrap_or_else(|e| panic!("CHAP repr of a parsed packet: {e}"));
    format_both("a CHAP repr", &repr);
    assert_eq!(repr.buffer_len(), length, "CHAP repr length");
    let mut out = vec![0xa5u8; length + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed CHAP repr failed: {e}"));
    assert_eq!(out[..n], data[..length], "CHAP emit(parse(b)) != b");
    assert!(
        repr.emit(&mut out[..n - 1]).is_err(),
        "emit into a short buffer"
    );
    let mut copy = data.to_vec();
    {
        let mut mp = ChapPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        mp.set_identifier(p.identifier());
        format_debug("a mutable CHAP packet", &mp);
    }
    assert_eq!(
        copy, data,
        "rewriting the CHAP identifier changed the packet"
    );
}

// ---------------------------------------------------------------------------------------
// PPPoE

/// Decoder target for PPPoE packets: every accessor, the discovery tags walked to the end
/// (each tag emits its own bytes), the repr (`emit(parse(b)) == b` up to the length; a
/// discovery repr built from the typed tags equals the parsed one), and the session's PPP
/// frame (through the PPP body).
pub fn pppoe(data: &[u8]) {
    pppoe_at(data, 0);
}

pub(crate) fn pppoe_at(data: &[u8], depth: u8) {
    let p = match PppoePacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a PPPoE parse error", &e);
            return;
        }
    };
    let len = usize::from(p.payload_len());
    assert_eq!((p.version(), p.pppoe_type()), (1, 1), "version and type");
    assert_eq!(p.code().value(), data[1], "code");
    assert_eq!(
        (p.session_id(), p.payload_len()),
        (be16(data, 2), be16(data, 4)),
        "session/length"
    );
    assert_eq!(
        (p.payload(), p.padding()),
        (&data[6..6 + len], &data[6 + len..]),
        "payload/padding"
    );
    format_both("a PPPoE packet", &p);

    // The tags, walked to the end: each emits its own bytes.
    let payload = p.payload();
    let mut buf = vec![0u8; payload.len() + 8];
    let mut w = Writer::new(Protocol::Pppoe, &mut buf);
    let mut tags = Vec::new();
    let mut failed = false;
    let mut walk = p.tags();
    let mut offset = walk.offset();
    while let Some(t) = walk.next() {
        match t {
            Ok(t) => {
                assert!(!failed, "a tag after an error");
                format_both("a PPPoE tag", &t);
                assert_eq!(t.kind(), be16(payload, offset), "tag type");
                assert_eq!(t.buffer_len(), walk.offset() - offset, "tag length");
                assert_eq!(t.buffer_len(), t.value_len() + 4, "tag buffer_len");
                t.emit(&mut w)
                    .unwrap_or_else(|e| panic!("emit of parsed tag {t:?} failed: {e}"));
                assert_eq!(
                    PppoeTag::new(t.kind(), &payload[offset + 4..walk.offset()]),
                    t,
                    "PppoeTag::new"
                );
                tags.push(t);
            }
            Err(e) => {
                format_both("a PPPoE tag error", &e);
                failed = true;
            }
        }
        offset = walk.offset();
    }
    assert_eq!(
        w.written(),
        &payload[..w.position()],
        "parsed tags do not emit their own bytes"
    );
    if !failed {
        assert_eq!(w.position(), payload.len(), "the tags cover the payload");
    }

    let repr =
        PppoeRepr::parse(&p).unwrap_or_else(|e| panic!("PPPoE repr of a parsed packet: {e}"));
    format_both("a PPPoE repr", &repr);
    assert_eq!(repr.code(), p.code(), "repr code");
    assert_eq!(repr.buffer_len(), 6 + len, "repr buffer_len");
    let mut out = vec![0xa5u8; 6 + len + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed PPPoE repr failed: {e}"));
    assert_eq!(out[..n], data[..n], "PPPoE emit(parse(b)) != b");
    match repr {
        PppoeRepr::Session { .. } => {
            assert_eq!(n, 6, "a session repr emits its header");
            let k = repr
                .emit_session(&mut out, |b| {
                    b.copy_from_slice(payload);
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("emit_session of a parsed repr failed: {e}"));
            assert_eq!(
                out[..k],
                data[..6 + len],
                "PPPoE emit_session(parse(b)) != b"
            );
        }
        PppoeRepr::Discovery { session_id, .. } => {
            assert_eq!(n, 6 + len, "a discovery repr emits the whole packet");
            assert!(
                repr.emit_session(&mut out, |_| Ok(())).is_err(),
                "emit_session of discovery"
            );
            if !failed {
                let typed = PppoeRepr::Discovery {
                    code: p.code(),
                    session_id,
                    tags: TagList::Typed(&tags),
                };
                assert_eq!(typed, repr, "a repr of the typed tags != the parsed repr");
                let mut out2 = vec![0u8; 6 + len];
                let k = typed
                    .emit(&mut out2)
                    .unwrap_or_else(|e| panic!("emit of the typed tags failed: {e}"));
                assert_eq!(
                    out2[..k],
                    data[..6 + len],
                    "the typed tags emit other bytes"
                );
            }
        }
    }
    assert_eq!(
        p.code() == PppoeCode::Session,
        matches!(repr, PppoeRepr::Session { .. })
    );

    let mut copy = data.to_vec();
    {
        let mut m = PppoePacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_session_id(p.session_id());
        m.set_code(p.code());
        assert_eq!(m.payload_mut().len(), len, "mutable payload");
        format_debug("a mutable PPPoE packet", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed PPPoE fields changed the packet"
    );

    match p.ppp() {
        Ok(f) => {
            format_both("a PPPoE session's PPP frame", &f);
            if p.code() == PppoeCode::Session && depth < MAX_DEPTH {
                ppp_at(payload, depth + 1);
            }
        }
        Err(e) => {
            format_both("a PPPoE session's PPP error", &e);
        }
    }
}
