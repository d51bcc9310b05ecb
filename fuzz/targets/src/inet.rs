//! Decoder targets of codec-inet: IPv4, IPv6, ICMPv4, ICMPv6, TCP, UDP and GRE.
//!
//! Each public function takes arbitrary bytes. The `*_at` functions are the same bodies with
//! the nesting depth (a layer hands its payload to the next one's body, up to
//! [`MAX_DEPTH`](crate::MAX_DEPTH) layers deep) and, for the transports, the pseudo-header
//! of the IP layer that carried them.

use crate::{MAX_DEPTH, format_both, format_debug, masked_eq};
use codec_core::Writer;
use codec_core::tlv::Tlv;
use codec_inet::gre::{GreFlags, GrePacket, GreRepr, GreVersion};
use codec_inet::icmpv4::{
    ExtensionClass, IcmpExtension, Icmpv4Packet, Icmpv4Repr, InterfaceInformation,
};
use codec_inet::icmpv6::{Icmpv6Packet, Icmpv6Repr, Icmpv6Type, NdOption, NdOptionType};
use codec_inet::ip::{self, IpProtocol};
use codec_inet::ipv4::{Ipv4Flags, Ipv4Option, Ipv4Options, Ipv4Packet, Ipv4Repr};
use codec_inet::ipv6::{ExtensionHeaders, Ipv6Option, Ipv6Packet, Ipv6Repr};
use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::{
    MAX_OPTIONS_LEN as TCP_MAX_OPTIONS_LEN, TcpFlags, TcpOption, TcpOptions, TcpOptionsSummary,
    TcpPacket, TcpRepr,
};
use codec_inet::udp::{UdpChecksumStatus, UdpPacket, UdpRepr};
use codec_link::ethernet::EtherType;
use std::net::{Ipv4Addr, Ipv6Addr};

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The pseudo-header the transport targets use when they run alone (no IP layer above).
const ALONE_V4: IpPseudo = IpPseudo::V4 {
    src: Ipv4Addr::new(192, 0, 2, 1),
    dst: Ipv4Addr::new(198, 51, 100, 2),
};

/// The addresses the ICMPv6 target checksums with when it runs alone.
const ALONE_V6: (Ipv6Addr, Ipv6Addr) = (
    Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1),
    Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1),
);

// ---------------------------------------------------------------------------------------
// IPv4

/// Decoder target for IPv4 datagrams: the strict view and the lax one, every accessor, the
/// typed options against the raw option walk (each typed option emits its own bytes), the
/// repr (`emit(parse(b)) == b` over the header, checksum included when it was right; the
/// emitted header verifies and parses back to the same repr), and the mutable view. The
/// payload of a first fragment goes to the ICMP, TCP, UDP, GRE or IP body.
pub fn ipv4(data: &[u8]) {
    ipv4_at(data, 0);
}

pub(crate) fn ipv4_at(data: &[u8], depth: u8) {
    let strict = Ipv4Packet::parse(data);
    let lax = match Ipv4Packet::parse_lax(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("an IPv4 parse error", &e);
            match &strict {
                Ok(_) => panic!("strict IPv4 parse took what the lax one refused: {e}"),
                Err(s) => assert_eq!(*s, e, "strict and lax IPv4 parses fail alike on a header"),
            }
            return;
        }
    };
    ipv4_view(&lax, data, true);
    match &strict {
        Ok(s) => {
            ipv4_view(s, data, false);
            assert_eq!(
                (s.payload(), s.trailer()),
                (lax.payload(), lax.trailer()),
                "strict and lax IPv4 views split a whole datagram alike"
            );
        }
        Err(e) => {
            format_both("an IPv4 parse error", e);
            assert!(
                lax.is_truncated() || lax.total_len() == 0,
                "strict IPv4 parse refused a whole datagram: {e}"
            );
        }
    }

    if depth < MAX_DEPTH && lax.frag_offset() == 0 {
        let payload = lax.payload();
        match lax.protocol() {
            IpProtocol::Icmp => icmp_at(payload, depth + 1),
            IpProtocol::Tcp => tcp_at(payload, (lax.src_addr(), lax.dst_addr()).into(), depth + 1),
            IpProtocol::Udp => udp_at(payload, (lax.src_addr(), lax.dst_addr()).into()),
            IpProtocol::Gre => gre_at(payload, depth + 1),
            IpProtocol::IpInIp => ipv4_at(payload, depth + 1),
            IpProtocol::Ipv6 => ipv6_at(payload, depth + 1),
            _ => {}
        }
    }
}

fn ipv4_view(p: &Ipv4Packet<&[u8]>, data: &[u8], lax: bool) {
    let hl = p.header_len();
    assert_eq!(p.version(), 4, "version");
    assert_eq!(hl, usize::from(data[0] & 0x0f) * 4, "header_len is IHL × 4");
    assert!((20..=60).contains(&hl), "header length {hl}");
    let (payload, trailer) = (p.payload(), p.trailer());
    assert_eq!(
        hl + payload.len() + trailer.len(),
        data.len(),
        "header, payload and trailer cover the input"
    );
    assert_eq!(
        p.options_bytes(),
        &data[20..hl],
        "options are bytes 20..IHL×4"
    );
    assert_eq!(
        payload,
        &data[hl..hl + payload.len()],
        "payload follows the header"
    );
    assert_eq!(p.dsfield(), data[1], "DS field");
    assert_eq!(
        ip::traffic_class(p.dscp(), p.ecn()),
        p.dsfield(),
        "DSCP and ECN make the DS field"
    );
    let total = usize::from(p.total_len());
    assert_eq!(p.total_len(), be16(data, 2), "total length");
    assert_eq!(p.ident(), be16(data, 4), "identification");
    let ff = be16(data, 6);
    assert_eq!(u16::from(p.flags().bits()), ff >> 13, "flags");
    assert_eq!(p.dont_frag(), ff & 0x4000 != 0, "DF");
    assert_eq!(p.more_frags(), ff & 0x2000 != 0, "MF");
    assert_eq!(p.frag_offset(), (ff & 0x1fff) << 3, "fragment offset");
    assert_eq!(p.is_fragment(), ff & 0x3fff != 0, "is_fragment");
    assert_eq!(p.ttl(), data[8], "TTL");
    assert_eq!(p.protocol().value(), data[9], "protocol");
    assert_eq!(p.checksum(), be16(data, 10), "checksum");
    assert_eq!(p.src_addr().octets(), data[12..16], "source");
    assert_eq!(p.dst_addr().octets(), data[16..20], "destination");
    assert_eq!(
        p.is_truncated(),
        total > hl + payload.len(),
        "is_truncated: the total length is past the payload"
    );
    if lax {
        if total >= hl {
            assert_eq!(
                payload.len(),
                (total - hl).min(data.len() - hl),
                "lax payload is what the total length says, as far as it goes"
            );
        } else {
            assert_eq!(total, 0, "lax view of a total length under the header");
            assert!(
                trailer.is_empty(),
                "total length 0 takes every byte as payload"
            );
        }
    } else {
        assert_eq!(
            hl + payload.len(),
            total,
            "strict payload is the total length"
        );
    }
    if p.compute_checksum() == p.checksum() {
        assert!(p.verify_checksum(), "the computed checksum does not verify");
    }
    format_both("an IPv4 packet", p);

    // Typed options against the raw walk.
    let options = p.options_bytes();
    let typed: Vec<_> = p.options().collect();
    let raw: Vec<_> = p.option_tlvs().collect();
    assert!(
        typed.len() <= options.len(),
        "more options than option bytes"
    );
    assert!(
        typed.len() <= raw.len(),
        "more typed options than raw elements"
    );
    let mut first_error = None;
    for (i, (o, t)) in typed.iter().zip(&raw).enumerate() {
        match (o, t) {
            (Ok(o), Ok(t)) => ipv4_option(o, t, options),
            (Err(e), Ok(t)) => {
                let direct = Ipv4Option::from_tlv(t).map_err(|e| e.shifted(20));
                assert_eq!(direct, Err(*e), "a typed option error is from_tlv's");
                assert_eq!(i + 1, typed.len(), "the typed walk ends at its error");
                first_error.get_or_insert(*e);
            }
            (Err(e), Err(f)) => {
                assert_eq!(
                    *e,
                    f.shifted(20),
                    "a framing error is the raw walk's, shifted"
                );
                first_error.get_or_insert(*e);
            }
            (Ok(o), Err(f)) => panic!("typed option {o:?} where the raw walk failed: {f}"),
        }
        if let Err(e) = o {
            format_both("an IPv4 option error", e);
        }
    }
    assert_eq!(
        Ipv4Options::new(options).validate().err(),
        first_error,
        "validate reports the walk's first error"
    );

    // The repr.
    let repr = match Ipv4Repr::parse(p) {
        Ok(r) => r,
        Err(e) => {
            format_both("an IPv4 repr error", &e);
            assert!(
                first_error == Some(e) || (lax && total < hl),
                "Ipv4Repr::parse failed with {e} on well-formed options"
            );
            return;
        }
    };
    assert!(first_error.is_none(), "a repr of a malformed option list");
    format_both("an IPv4 repr", &repr);
    assert_eq!(
        (repr.header_len(), repr.buffer_len(), repr.total_len()),
        (hl, hl, total),
        "repr lengths"
    );
    assert_eq!(
        (repr.src_addr, repr.dst_addr, repr.protocol, repr.ttl),
        (p.src_addr(), p.dst_addr(), p.protocol(), p.ttl()),
        "repr fields"
    );
    assert_eq!(
        (
            repr.dscp,
            repr.ecn,
            repr.ident,
            repr.flags,
            repr.frag_offset
        ),
        (p.dscp(), p.ecn(), p.ident(), p.flags(), p.frag_offset()),
        "repr fields"
    );
    let mut out = vec![0xa5u8; hl + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed IPv4 repr failed: {e}"));
    assert_eq!(n, hl, "emit writes the header");
    assert!(
        out[hl..].iter().all(|&b| b == 0xa5),
        "emit wrote past the header"
    );
    masked_eq(
        &out[..hl],
        &data[..hl],
        &[10, 11],
        "IPv4 emit(parse(b)) != b over the header",
    );
    if p.compute_checksum() == p.checksum() {
        assert_eq!(
            out[..hl],
            data[..hl],
            "IPv4 emit(parse(b)) != b with a right checksum"
        );
    }
    assert!(
        repr.emit(&mut out[..hl - 1]).is_err(),
        "emit into a short buffer"
    );
    let back = Ipv4Packet::parse_lax(&out[..hl])
        .unwrap_or_else(|e| panic!("the emitted IPv4 header does not parse: {e}"));
    assert!(
        back.verify_checksum(),
        "the emitted IPv4 header does not verify"
    );
    assert_eq!(
        Ipv4Repr::parse(&back).ok(),
        Some(repr),
        "IPv4 parse(emit(r)) != r"
    );
    let n = repr
        .emit_raw(&mut out, p.total_len(), p.checksum())
        .unwrap_or_else(|e| panic!("emit_raw of a parsed IPv4 repr failed: {e}"));
    assert_eq!(
        out[..n],
        data[..hl],
        "emit_raw with the carried values != the header"
    );
    if !p.is_truncated() {
        let mut whole = vec![0u8; total];
        let n = repr
            .emit_with_payload(&mut whole, payload.len(), |b| {
                b.copy_from_slice(payload);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("emit_with_payload of a parsed IPv4 repr failed: {e}"));
        assert_eq!(n, total, "emit_with_payload length");
        masked_eq(
            &whole,
            &data[..total],
            &[10, 11],
            "IPv4 emit_with_payload != the datagram",
        );
    }

    // The mutable view: writing back what was read changes nothing.
    let mut copy = data.to_vec();
    {
        let mut m = if lax {
            Ipv4Packet::parse_lax(&mut copy[..])
        } else {
            Ipv4Packet::parse(&mut copy[..])
        }
        .unwrap_or_else(|e| panic!("the mutable IPv4 view refused what the shared one took: {e}"));
        m.set_dscp(p.dscp())
            .unwrap_or_else(|e| panic!("set_dscp: {e}"));
        m.set_ecn(p.ecn())
            .unwrap_or_else(|e| panic!("set_ecn: {e}"));
        assert!(
            m.set_dscp(64).is_err() && m.set_ecn(4).is_err(),
            "out-of-range DSCP/ECN"
        );
        m.set_ident(p.ident());
        m.set_flags(p.flags());
        m.set_frag_offset(p.frag_offset())
            .unwrap_or_else(|e| panic!("set_frag_offset: {e}"));
        assert!(
            m.set_frag_offset(p.frag_offset() | 1).is_err(),
            "odd fragment offset"
        );
        m.set_ttl(p.ttl());
        m.set_protocol(p.protocol());
        m.set_checksum(p.checksum());
        m.set_src_addr(p.src_addr());
        m.set_dst_addr(p.dst_addr());
        assert_eq!(
            m.options_bytes_mut().len(),
            options.len(),
            "mutable options"
        );
        assert_eq!(m.payload_mut().len(), payload.len(), "mutable payload");
        format_debug("a mutable IPv4 packet", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed IPv4 fields changed the datagram"
    );
    {
        let mut m = Ipv4Packet::parse_lax(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_flags(Ipv4Flags::all());
        m.set_flags(p.flags());
        m.fill_checksum();
        assert!(m.verify_checksum(), "fill_checksum does not verify");
    }
}

fn ipv4_option(o: &Ipv4Option<'_>, t: &Tlv<'_>, options: &[u8]) {
    format_both("an IPv4 option", o);
    assert_eq!(u16::from(o.kind()), t.kind, "option kind");
    assert_eq!(o.option_type().value(), o.kind(), "option type");
    assert_eq!(o.is_copied(), o.kind() & 0x80 != 0, "copied flag");
    assert_eq!(o.buffer_len(), t.len(), "option length");
    let mut buf = [0xa5u8; 64];
    let n = o
        .emit(&mut buf)
        .unwrap_or_else(|e| panic!("emit of parsed option {o:?} failed: {e}"));
    assert_eq!(
        buf[..n],
        options[t.offset..t.offset + t.len()],
        "a parsed IPv4 option does not emit its own bytes: {o:?}"
    );
    assert!(
        o.emit(&mut buf[..n - 1]).is_err(),
        "option emit into a short buffer"
    );
    match o {
        Ipv4Option::RecordRoute(r)
        | Ipv4Option::LooseSourceRoute(r)
        | Ipv4Option::StrictSourceRoute(r) => {
            assert_eq!(r.addresses().count(), r.route.len() / 4, "route addresses");
            assert_eq!(
                r.is_full(),
                usize::from(r.pointer) > r.route.len() + 3,
                "is_full"
            );
        }
        Ipv4Option::Timestamp(ts) => {
            let size = match ts.flag.value() {
                0 => 4,
                1 | 3 => 8,
                _ => 0,
            };
            let want = ts.data.len().checked_div(size).unwrap_or(0);
            assert_eq!(ts.entries().count(), want, "timestamp entries");
            for e in ts.entries() {
                format_debug("a timestamp entry", &e);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// ICMPv4

/// Decoder target for ICMPv4 messages: every accessor, the quoted datagram (through the IPv4
/// body), the RFC 4884 extension walk (objects re-emitted, RFC 5837 interface information
/// decoded and re-emitted), and the repr (every parsed repr emits; the emitted message
/// verifies and re-emits to itself, the module's law).
pub fn icmp(data: &[u8]) {
    icmp_at(data, 0);
}

pub(crate) fn icmp_at(data: &[u8], depth: u8) {
    let p = match Icmpv4Packet::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("an ICMP parse error", &e);
            assert!(
                data.len() < 8,
                "ICMP parse refused {} bytes: {e}",
                data.len()
            );
            return;
        }
    };
    let t = p.msg_type();
    assert_eq!(t.value(), data[0], "type");
    assert_eq!(p.code(), data[1], "code");
    assert_eq!(p.checksum(), be16(data, 2), "checksum");
    assert_eq!(p.rest_of_header(), data[4..8], "rest of header");
    assert_eq!(
        (p.ident(), p.seq_no()),
        (be16(data, 4), be16(data, 6)),
        "ident/seq"
    );
    assert_eq!(p.next_hop_mtu(), be16(data, 6), "next-hop MTU");
    assert_eq!(p.gateway().octets(), data[4..8], "gateway");
    assert_eq!(
        (p.pointer(), p.length_words()),
        (data[4], data[5]),
        "pointer/length"
    );
    assert_eq!(p.data(), &data[8..], "data");
    let _ = (t.is_error(), t.has_rfc4884_length(), t.has_ident());
    format_both("an ICMP message", &p);

    let original = p.original_datagram();
    assert_eq!(
        original,
        &data[8..8 + original.len()],
        "the quote follows the header"
    );
    if !t.is_error() {
        assert!(original.is_empty(), "a non-error message quotes nothing");
    }
    let ext_bytes = p.extension_bytes();
    let ext = p.extension();
    assert_eq!(
        ext.is_some(),
        ext_bytes.is_some(),
        "extension and its bytes agree"
    );
    match ext_bytes {
        Some(eb) => {
            assert!(
                t.has_rfc4884_length(),
                "an extension in a type without RFC 4884"
            );
            assert!(eb.len() >= 4, "an extension without its header");
            assert_eq!(
                8 + original.len() + eb.len(),
                data.len(),
                "quote and extension cover the body"
            );
        }
        None if t.is_error() => assert_eq!(
            original.len(),
            data.len() - 8,
            "an error quotes its whole body"
        ),
        None => {}
    }
    let quoted = p.quoted_ipv4();
    assert_eq!(
        quoted.as_ref().err().copied(),
        Ipv4Packet::parse_lax(original).err().map(|e| e.shifted(8)),
        "quoted_ipv4 is the lax IPv4 view of the quote"
    );
    if let (Some(ext), Some(eb)) = (ext, ext_bytes) {
        icmp_extension(&ext, eb, data.len());
    }

    // The repr: every parsed repr emits, and the emitted message re-emits to itself.
    let repr =
        Icmpv4Repr::parse(&p).unwrap_or_else(|e| panic!("ICMP repr of a parsed message: {e}"));
    format_both("an ICMP repr", &repr);
    assert_eq!(repr.msg_type(), t, "repr type");
    let len = repr.buffer_len();
    let mut out = vec![0xa5u8; len + 3];
    let n = repr
        .emit(&mut out)
        .unwrap_or_else(|e| {
            panic!(
                "emit of a parsed ICMP repr failed: {e} (type {t}, length byte {}, {} bytes quoted, extension {:?} bytes)",
                p.length_words(),
                original.len(),
                ext_bytes.map(<[u8]>::len)
            )
        });
    assert_eq!(n, len, "emit length is buffer_len");
    assert!(
        out[len..].iter().all(|&b| b == 0xa5),
        "emit wrote past buffer_len"
    );
    assert!(
        repr.emit(&mut out[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    let back = Icmpv4Packet::parse(&out[..n]).unwrap_or_else(|e| panic!("emitted ICMP: {e}"));
    assert!(
        back.verify_checksum(),
        "the emitted ICMP message does not verify"
    );
    let again = Icmpv4Repr::parse(&back).unwrap_or_else(|e| panic!("{e}"));
    let mut out2 = vec![0u8; again.buffer_len()];
    let n2 = again
        .emit(&mut out2)
        .unwrap_or_else(|e| panic!("emit of a re-parsed ICMP repr failed: {e}"));
    assert_eq!(
        out2[..n2],
        out[..n],
        "ICMP emit(parse(emit(parse(b)))) != emit(parse(b))"
    );

    // The mutable view.
    let mut copy = data.to_vec();
    {
        let mut m = Icmpv4Packet::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_msg_type(t);
        m.set_code(p.code());
        m.set_checksum(p.checksum());
        m.set_rest_of_header(p.rest_of_header());
        m.set_ident(p.ident());
        m.set_seq_no(p.seq_no());
        assert_eq!(m.data_mut().len(), data.len() - 8, "mutable data");
        format_debug("a mutable ICMP message", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed ICMP fields changed the message"
    );
    {
        let mut m = Icmpv4Packet::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.fill_checksum();
        assert!(m.verify_checksum(), "fill_checksum does not verify");
    }

    if depth < MAX_DEPTH && !original.is_empty() {
        ipv4_at(original, depth + 1);
    }
}

fn icmp_extension(ext: &IcmpExtension<'_>, eb: &[u8], message_len: usize) {
    format_debug("an ICMP extension", ext);
    assert_eq!(ext.version(), (eb[0] >> 4), "extension version");
    assert_eq!(
        ext.reserved(),
        be16(eb, 0) & 0x0fff,
        "extension reserved bits"
    );
    assert_eq!(ext.checksum(), be16(eb, 2), "extension checksum");
    let _ = ext.verify_checksum();
    assert_eq!(ext.len(), eb.len(), "extension length");
    assert_eq!(ext.is_empty(), eb.len() == 4, "extension is_empty");
    let base = message_len - eb.len();
    let mut objects = Vec::new();
    let mut failed = false;
    for (i, o) in ext.objects().enumerate() {
        assert!(
            i <= eb.len() / 4,
            "more extension objects than 4-byte steps"
        );
        let o = match o {
            Ok(o) => o,
            Err(e) => {
                format_both("an extension object error", &e);
                failed = true;
                continue;
            }
        };
        assert!(!failed, "an extension object after an error");
        format_debug("an extension object", &o);
        let at = o.offset - base;
        assert_eq!(o.len(), 4 + o.data.len(), "object length");
        assert_eq!(o.is_empty(), o.data.is_empty(), "object is_empty");
        assert_eq!(usize::from(be16(eb, at)), o.len(), "object length field");
        assert_eq!(o.data, &eb[at + 4..at + o.len()], "object data");
        match InterfaceInformation::parse(&o) {
            Ok(info) => {
                assert_eq!(
                    o.class,
                    ExtensionClass::InterfaceInformation,
                    "class-2 only"
                );
                format_both("interface information", &info);
                let _ = info.name_str();
                assert_eq!(info.c_type(), o.c_type & 0xcf, "C-type of the sub-objects");
                let mut d = vec![0u8; info.data_len()];
                let n = info
                    .emit_data(&mut d)
                    .unwrap_or_else(|e| panic!("emit_data of parsed {info:?}: {e}"));
                assert_eq!(
                    (n, n),
                    (info.data_len(), o.data.len()),
                    "interface information length"
                );
            }
            Err(e) => {
                format_both("an interface information error", &e);
            }
        }
        objects.push(o);
    }
    if !failed {
        let mut buf = vec![0u8; eb.len()];
        let n = IcmpExtension::emit(&mut buf, &objects)
            .unwrap_or_else(|e| panic!("emit of the parsed extension objects failed: {e}"));
        assert_eq!(n, eb.len(), "re-emitted extension length");
        assert_eq!(buf[4..], eb[4..], "re-emitted extension objects");
        let back = IcmpExtension::parse(&buf).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            back.version() == 2 && back.verify_checksum(),
            "emitted extension header"
        );
    }
}

// ---------------------------------------------------------------------------------------
// IPv6

/// Decoder target for IPv6 packets: the strict view and the truncated one, every accessor,
/// the extension-header chain (options, fragment, routing, AH) walked to the end against
/// [`upper_layer`](Ipv6Packet::upper_layer), the repr (`emit(parse(b)) == b` over the fixed
/// header, and over the packet) and the mutable view. The upper layer goes to the ICMPv6,
/// TCP, UDP, GRE or IP body.
pub fn ipv6(data: &[u8]) {
    ipv6_at(data, 0);
}

pub(crate) fn ipv6_at(data: &[u8], depth: u8) {
    let strict = Ipv6Packet::parse(data);
    let lax = match Ipv6Packet::parse_truncated(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("an IPv6 parse error", &e);
            match &strict {
                Ok(_) => panic!("strict IPv6 parse took what parse_truncated refused: {e}"),
                Err(s) => assert_eq!(*s, e, "strict and truncated IPv6 parses fail alike"),
            }
            return;
        }
    };
    ipv6_view(&lax, data, true);
    match &strict {
        Ok(s) => {
            ipv6_view(s, data, false);
            assert_eq!(
                s.payload(),
                lax.payload(),
                "strict and truncated views agree"
            );
        }
        Err(e) => {
            format_both("an IPv6 parse error", e);
            assert!(
                lax.is_truncated(),
                "strict IPv6 parse refused a whole packet: {e}"
            );
        }
    }
    if depth < MAX_DEPTH
        && let Ok(up) = lax.upper_layer()
        && up.starts_with_header()
    {
        let (src, dst) = (lax.src_addr(), lax.dst_addr());
        match up.protocol {
            IpProtocol::Icmpv6 => icmpv6_at(up.payload, (src, dst), depth + 1),
            IpProtocol::Tcp => tcp_at(up.payload, (src, dst).into(), depth + 1),
            IpProtocol::Udp => udp_at(up.payload, (src, dst).into()),
            IpProtocol::Gre => gre_at(up.payload, depth + 1),
            IpProtocol::IpInIp => ipv4_at(up.payload, depth + 1),
            IpProtocol::Ipv6 => ipv6_at(up.payload, depth + 1),
            _ => {}
        }
    }
}

fn ipv6_view(p: &Ipv6Packet<&[u8]>, data: &[u8], lax: bool) {
    let word = be32(data, 0);
    assert_eq!(p.version(), 6, "version");
    assert_eq!(p.traffic_class(), (word >> 20) as u8, "traffic class");
    assert_eq!(
        ip::traffic_class(p.dscp(), p.ecn()),
        p.traffic_class(),
        "DSCP/ECN"
    );
    assert_eq!(p.flow_label(), word & 0xf_ffff, "flow label");
    assert_eq!(p.payload_len(), be16(data, 4), "payload length");
    assert_eq!(p.next_header().value(), data[6], "next header");
    assert_eq!(p.hop_limit(), data[7], "hop limit");
    assert_eq!(p.src_addr().octets(), data[8..24], "source");
    assert_eq!(p.dst_addr().octets(), data[24..40], "destination");
    assert_eq!(p.header_len(), 40, "header length");
    assert_eq!(
        p.total_len(),
        40 + usize::from(p.payload_len()),
        "total length"
    );
    let payload = p.payload();
    assert_eq!(payload, &data[40..40 + payload.len()], "payload");
    assert_eq!(
        40 + payload.len() + p.trailer().len(),
        data.len(),
        "header, payload, trailer"
    );
    assert_eq!(
        p.is_truncated(),
        payload.len() < usize::from(p.payload_len()),
        "is_truncated"
    );
    if !lax {
        assert_eq!(
            payload.len(),
            usize::from(p.payload_len()),
            "strict payload"
        );
    } else if p.is_truncated() {
        assert!(p.trailer().is_empty(), "a truncated packet has no trailer");
    }
    format_both("an IPv6 packet", p);

    // The extension chain, walked to the end.
    let mut walk = p.extension_headers();
    let mut at = 40;
    let mut steps = 0;
    let mut error = None;
    for h in walk.by_ref() {
        steps += 1;
        assert!(
            steps <= payload.len() / 8 + 1,
            "more extension headers than 8-byte steps"
        );
        let h = match h {
            Ok(h) => h,
            Err(e) => {
                format_both("an IPv6 extension error", &e);
                error = Some(e);
                continue;
            }
        };
        assert!(error.is_none(), "an extension header after an error");
        assert!(
            h.protocol().is_ipv6_extension(),
            "a walked header is an extension header"
        );
        assert_eq!(h.offset(), at, "extension header offset");
        assert!(
            h.len() >= 8 && !h.is_empty(),
            "extension header length {}",
            h.len()
        );
        assert_eq!(
            h.as_bytes(),
            &data[at..at + h.len()],
            "extension header bytes"
        );
        assert_eq!(h.next_header().value(), data[at], "extension next header");
        assert_eq!(h.data(), &data[at + 2..at + h.len()], "extension data");
        format_both("an IPv6 extension header", &h);
        match h.options() {
            Some(opts) => {
                assert!(matches!(
                    h.protocol(),
                    IpProtocol::HopByHop | IpProtocol::Ipv6Opts
                ));
                let mut n = 0;
                for o in opts {
                    n += 1;
                    assert!(n <= h.len(), "more options than bytes");
                    match o {
                        Ok(o) => {
                            format_debug("an IPv6 option", &o);
                            let t = o.option_type();
                            let _ = (t.unrecognised_action(), t.may_change(), t.name());
                            if let Ipv6Option::PadN(pad) = o {
                                assert!(pad.len() <= h.len());
                            }
                        }
                        Err(e) => {
                            format_both("an IPv6 option error", &e);
                        }
                    }
                }
            }
            None => assert!(!matches!(
                h.protocol(),
                IpProtocol::HopByHop | IpProtocol::Ipv6Opts
            )),
        }
        match h.fragment() {
            Some(f) => {
                assert_eq!(
                    h.protocol(),
                    IpProtocol::Ipv6Frag,
                    "fragment of a non-fragment"
                );
                assert_eq!(f.next_header(), h.next_header(), "fragment next header");
                assert_eq!(
                    f.fragment_offset(),
                    be16(data, at + 2) >> 3,
                    "fragment offset"
                );
                assert_eq!(
                    f.fragment_offset_bytes(),
                    usize::from(f.fragment_offset()) * 8
                );
                assert_eq!(f.more_fragments(), data[at + 3] & 1 != 0, "M flag");
                assert_eq!(f.identification(), be32(data, at + 4), "identification");
            }
            None => assert_ne!(
                h.protocol(),
                IpProtocol::Ipv6Frag,
                "a fragment header unread"
            ),
        }
        match h.routing() {
            Some(r) => {
                assert_eq!(h.protocol(), IpProtocol::Ipv6Route);
                assert_eq!(r.routing_type().value(), data[at + 2], "routing type");
                assert_eq!(r.segments_left(), data[at + 3], "segments left");
                assert_eq!(r.data(), &data[at + 4..at + h.len()], "routing data");
                assert!(r.addresses().count() <= h.len() / 16, "routing addresses");
            }
            None => assert_ne!(h.protocol(), IpProtocol::Ipv6Route),
        }
        match h.authentication() {
            Some(a) => {
                assert_eq!(h.protocol(), IpProtocol::Ah);
                assert!(h.len() >= 12, "AH shorter than its fixed part");
                assert_eq!(
                    (a.spi(), a.sequence_number()),
                    (be32(data, at + 4), be32(data, at + 8))
                );
                assert_eq!(a.icv(), &data[at + 12..at + h.len()], "AH ICV");
            }
            None => assert_ne!(h.protocol(), IpProtocol::Ah),
        }
        at += h.len();
    }
    assert_eq!(
        walk.offset(),
        at,
        "the walk's offset is after the last header"
    );
    let up = p.upper_layer();
    match error {
        Some(e) => assert_eq!(up, Err(e), "upper_layer reports the chain's error"),
        None => {
            let up = up.unwrap_or_else(|e| panic!("upper_layer failed on a good chain: {e}"));
            assert_eq!(
                up,
                walk.upper_layer(),
                "upper_layer is where the walk stopped"
            );
            assert_eq!(up.offset, at, "upper layer offset");
            assert_eq!(up.payload, &payload[at - 40..], "upper layer bytes");
            let stopped_by_fragment = up.fragment.is_some_and(|f| f.fragment_offset() != 0);
            assert!(
                stopped_by_fragment || !up.protocol.is_ipv6_extension(),
                "the walk stopped at an extension header"
            );
            assert_eq!(up.starts_with_header(), !stopped_by_fragment);
            format_debug("an IPv6 upper layer", &up);
        }
    }
    let direct: Vec<_> = ExtensionHeaders::new(p.next_header(), payload).collect();
    assert_eq!(
        direct.len(),
        steps,
        "ExtensionHeaders::new walks the same chain"
    );

    // The repr.
    let repr = Ipv6Repr::parse(p).unwrap_or_else(|e| panic!("IPv6 repr of a parsed packet: {e}"));
    format_both("an IPv6 repr", &repr);
    assert_eq!(
        (
            repr.src_addr,
            repr.dst_addr,
            repr.next_header,
            repr.hop_limit
        ),
        (p.src_addr(), p.dst_addr(), p.next_header(), p.hop_limit()),
        "repr fields"
    );
    assert_eq!(
        (repr.traffic_class, repr.flow_label),
        (p.traffic_class(), p.flow_label())
    );
    assert_eq!(repr.header_len(), 40);
    let mut out = [0xa5u8; 43];
    let n = repr
        .emit(&mut out, usize::from(p.payload_len()))
        .unwrap_or_else(|e| panic!("emit of a parsed IPv6 repr failed: {e}"));
    assert_eq!(n, 40);
    assert_eq!(
        out[..40],
        data[..40],
        "IPv6 emit(parse(b)) != b over the fixed header"
    );
    assert!(
        out[40..].iter().all(|&b| b == 0xa5),
        "emit wrote past the header"
    );
    assert!(
        repr.emit(&mut out[..39], 0).is_err(),
        "emit into a short buffer"
    );
    if !p.is_truncated() {
        let mut whole = vec![0u8; repr.buffer_len(payload.len())];
        let n = repr
            .emit_with_payload(&mut whole, payload.len(), |b| {
                b.copy_from_slice(payload);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("emit_with_payload of a parsed IPv6 repr failed: {e}"));
        assert_eq!(
            whole[..n],
            data[..40 + payload.len()],
            "IPv6 emit_with_payload != the packet"
        );
    }

    // The mutable view.
    let mut copy = data.to_vec();
    {
        let mut m = Ipv6Packet::parse_truncated(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_traffic_class(p.traffic_class());
        m.set_dscp(p.dscp());
        m.set_ecn(p.ecn());
        m.set_flow_label(p.flow_label());
        m.set_next_header(p.next_header());
        m.set_hop_limit(p.hop_limit());
        m.set_src_addr(p.src_addr());
        m.set_dst_addr(p.dst_addr());
        assert_eq!(m.payload_mut().len(), payload.len(), "mutable payload");
        format_debug("a mutable IPv6 packet", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed IPv6 fields changed the packet"
    );
}

// ---------------------------------------------------------------------------------------
// ICMPv6

/// Decoder target for ICMPv6 messages: every accessor, the invoking packet (through the
/// IPv6 body), the neighbour-discovery options walked to the end, and the repr
/// (`emit(parse(b)) == b` for every message, checksum aside: emit computes it for the
/// addresses given; the emitted message verifies and parses back to the same repr).
pub fn icmpv6(data: &[u8]) {
    icmpv6_at(data, ALONE_V6, 0);
}

pub(crate) fn icmpv6_at(data: &[u8], (src, dst): (Ipv6Addr, Ipv6Addr), depth: u8) {
    let p = match Icmpv6Packet::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("an ICMPv6 parse error", &e);
            let short =
                data.len() < 4 || data.len() - 4 < Icmpv6Type::from_value(data[0]).min_body_len();
            assert!(short, "ICMPv6 parse refused a message long enough: {e}");
            return;
        }
    };
    let t = p.msg_type();
    let body = p.body();
    assert_eq!(t.value(), data[0], "type");
    assert_eq!(p.code(), data[1], "code");
    assert_eq!(p.checksum(), be16(data, 2), "checksum");
    assert_eq!(p.message_len(), data.len(), "message length");
    assert_eq!(body, &data[4..], "body");
    assert!(
        body.len() >= t.min_body_len(),
        "body shorter than the type needs"
    );
    let rest = if body.len() >= 4 { be32(body, 0) } else { 0 };
    assert_eq!(
        (p.rest_of_header(), p.mtu(), p.pointer()),
        (rest, rest, rest),
        "rest of header"
    );
    assert_eq!(
        p.echo_identifier(),
        if body.len() >= 2 { be16(body, 0) } else { 0 }
    );
    assert_eq!(
        p.echo_sequence(),
        if body.len() >= 4 { be16(body, 2) } else { 0 }
    );
    assert_eq!(p.data(), body.get(4..).unwrap_or(&[]), "data");
    let nd = matches!(
        t,
        Icmpv6Type::NeighborSolicit | Icmpv6Type::NeighborAdvert | Icmpv6Type::Redirect
    );
    assert_eq!(
        p.target_addr().is_some(),
        nd,
        "target address of NS/NA/Redirect"
    );
    if let Some(a) = p.target_addr() {
        assert_eq!(a.octets(), body[4..20], "target address");
    }
    assert_eq!(
        p.destination_addr().is_some(),
        t == Icmpv6Type::Redirect,
        "Redirect destination"
    );
    let mld = matches!(
        t,
        Icmpv6Type::MldQuery | Icmpv6Type::MldReport | Icmpv6Type::MldDone
    );
    assert_eq!(p.multicast_addr().is_some(), mld, "MLD multicast address");
    assert_eq!(
        p.mldv2_record_count().is_some(),
        t == Icmpv6Type::Mldv2Report
    );
    assert_eq!(
        p.neighbor_flags().bits(),
        body.first().map_or(0, |b| b & 0xe0),
        "NA flags"
    );
    assert_eq!(
        p.cur_hop_limit(),
        body.first().copied().unwrap_or(0),
        "RA hop limit"
    );
    assert_eq!(
        p.router_flags().bits(),
        body.get(1).copied().unwrap_or(0),
        "RA flags"
    );
    let _ = (p.router_lifetime(), p.reachable_time(), p.retrans_timer());
    assert_eq!(
        p.invoking_packet().is_some(),
        t.is_error(),
        "invoking packet of an error"
    );
    let _ = p.verify_checksum(&src, &dst);
    format_both("an ICMPv6 message", &p);

    // Neighbour-discovery options, walked to the end.
    let mut opts = p.nd_options();
    let start = opts.offset();
    match t.nd_options_at() {
        Some(at) => assert_eq!(start, 4 + at, "ND options start"),
        None => assert!(opts.next().is_none(), "ND options in a non-ND message"),
    }
    let mut n = 0;
    let mut failed = false;
    let mut offset = opts.offset();
    while let Some(o) = opts.next() {
        n += 1;
        assert!(n <= body.len() / 8 + 1, "more ND options than 8-byte steps");
        match o {
            Ok(o) => {
                assert!(!failed, "an ND option after an error");
                format_debug("an ND option", &o);
                let units = usize::from(data[offset + 1]);
                assert!(units > 0, "an ND option of length 0");
                assert_eq!(o.option_type().value(), data[offset], "ND option type");
                let is_ll = matches!(
                    o.option_type(),
                    NdOptionType::SourceLinkLayerAddress | NdOptionType::TargetLinkLayerAddress
                );
                assert_eq!(
                    o.mac().is_some(),
                    is_ll && units == 1,
                    "a MAC in a link-layer option"
                );
                if let NdOption::PrefixInformation(pi) = o {
                    let _ = (
                        pi.flags(),
                        pi.prefix(),
                        pi.valid_lifetime(),
                        pi.preferred_lifetime(),
                    );
                }
                assert_eq!(opts.offset(), offset + units * 8, "ND option length");
            }
            Err(e) => {
                format_both("an ND option error", &e);
                failed = true;
            }
        }
        offset = opts.offset();
    }

    // The repr: emit(parse(b)) == b, checksum aside.
    let repr =
        Icmpv6Repr::parse(&p).unwrap_or_else(|e| panic!("ICMPv6 repr of a parsed message: {e}"));
    format_both("an ICMPv6 repr", &repr);
    assert_eq!(repr.msg_type(), t, "repr type");
    assert_eq!(
        repr.buffer_len(),
        data.len(),
        "repr buffer_len is the message length"
    );
    let mut out = vec![0xa5u8; data.len() + 3];
    let n = repr
        .emit(&src, &dst, &mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed ICMPv6 repr failed: {e} ({repr:?})"));
    assert_eq!(n, data.len(), "emit length");
    assert!(
        out[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the message"
    );
    masked_eq(&out[..n], data, &[2, 3], "ICMPv6 emit(parse(b)) != b");
    assert!(
        repr.emit(&src, &dst, &mut out[..n - 1]).is_err(),
        "emit into a short buffer"
    );
    let back = Icmpv6Packet::parse(&out[..n]).unwrap_or_else(|e| panic!("emitted ICMPv6: {e}"));
    assert!(
        back.verify_checksum(&src, &dst),
        "the emitted ICMPv6 message does not verify"
    );
    assert_eq!(
        Icmpv6Repr::parse(&back).ok(),
        Some(repr),
        "ICMPv6 parse(emit(r)) != r"
    );

    // The mutable view.
    let mut copy = data.to_vec();
    {
        let mut m = Icmpv6Packet::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_code(p.code());
        m.set_checksum(p.checksum());
        m.set_rest_of_header(p.rest_of_header());
        m.set_echo_identifier(p.echo_identifier());
        m.set_echo_sequence(p.echo_sequence());
        if let Some(a) = p.target_addr() {
            m.set_target_addr(a);
        }
        assert_eq!(m.data_mut().len(), p.data().len(), "mutable data");
        format_debug("a mutable ICMPv6 message", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed ICMPv6 fields changed the message"
    );
    {
        let mut m = Icmpv6Packet::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.fill_checksum(&src, &dst);
        assert!(
            m.verify_checksum(&src, &dst),
            "fill_checksum does not verify"
        );
    }

    if depth < MAX_DEPTH
        && let Some(invoking) = p.invoking_packet()
    {
        ipv6_at(invoking, depth + 1);
    }
}

// ---------------------------------------------------------------------------------------
// TCP

/// The summary as the typed iterator sees it (the reference codec-inet's own differential
/// test uses): the last of each kind counts, the first error ends it.
fn summary_via_iter(options: &[u8]) -> codec_core::Result<TcpOptionsSummary<'_>> {
    let mut s = TcpOptionsSummary::default();
    for o in TcpOptions::new(options) {
        match o? {
            TcpOption::Mss(m) => s.mss = Some(m),
            TcpOption::WindowScale(w) => s.window_scale = Some(w),
            TcpOption::SackPermitted => s.sack_permitted = true,
            TcpOption::Timestamps(t) => s.timestamps = Some(t),
            TcpOption::Sack(blocks) => s.sack_blocks = blocks,
            _ => {}
        }
    }
    Ok(s)
}

/// Decoder target for TCP segments: every accessor, the typed options walked to the end
/// (each emits its own bytes), `options_summary()` against the typed walk (same values,
/// same errors at the same offsets), the summary's own emit, and the repr (`emit(parse(b))
/// == b` for a segment whose checksum is the computed one, and always with `emit_raw`).
pub fn tcp(data: &[u8]) {
    tcp_at(data, ALONE_V4, 0);
}

pub(crate) fn tcp_at(data: &[u8], ip: IpPseudo, _depth: u8) {
    let p = match TcpPacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a TCP parse error", &e);
            let hl = data.get(12).map_or(0, |b| usize::from(b >> 4) * 4);
            assert!(
                data.len() < 20 || hl < 20 || data.len() < hl,
                "TCP parse refused a whole header: {e}"
            );
            return;
        }
    };
    let hl = p.header_len();
    assert_eq!(
        (p.src_port(), p.dst_port()),
        (be16(data, 0), be16(data, 2)),
        "ports"
    );
    assert_eq!(
        (p.seq(), p.ack()),
        (be32(data, 4), be32(data, 8)),
        "seq/ack"
    );
    assert_eq!(p.data_offset(), data[12] >> 4, "data offset");
    assert_eq!(hl, usize::from(p.data_offset()) * 4, "header length");
    assert!((20..=60).contains(&hl), "header length {hl}");
    assert_eq!(p.header().header_len(), hl);
    let bits = (u16::from(data[12] & 0x0f) << 8) | u16::from(data[13]);
    assert_eq!(p.flags().bits(), bits, "flags");
    assert_eq!(
        p.flags(),
        TcpFlags::from_wire(p.header().flag_bits()),
        "flags from the header"
    );
    assert_eq!(
        (p.window(), p.checksum(), p.urgent()),
        (be16(data, 14), be16(data, 16), be16(data, 18))
    );
    assert_eq!(p.options(), &data[20..hl], "options");
    assert_eq!(p.payload(), &data[hl..], "payload");
    assert_eq!(p.segment_len(), data.len(), "segment length");
    let f = p.flags();
    assert_eq!(
        p.sequence_len(),
        p.payload().len()
            + usize::from(f.contains(TcpFlags::SYN))
            + usize::from(f.contains(TcpFlags::FIN)),
        "sequence length"
    );
    format_both("TCP flags", &f);
    format_both("a TCP segment", &p);
    let verified = p.verify_checksum(&ip);
    if let Some(c) = p.computed_checksum(&ip)
        && c == p.checksum()
    {
        assert!(verified, "the computed TCP checksum does not verify");
    }

    // Typed options, walked to the end: each emits its own bytes.
    let options = p.options();
    let mut walk = p.option_iter();
    let mut rebuilt = [0u8; 64];
    let mut w = Writer::new(codec_core::Protocol::Tcp, &mut rebuilt);
    let mut walk_error = None;
    let mut n = 0;
    for o in walk.by_ref() {
        n += 1;
        assert!(n <= options.len(), "more TCP options than option bytes");
        match o {
            Ok(o) => {
                format_both("a TCP option", &o);
                let _ = o.kind().name();
                let before = w.position();
                o.emit(&mut w)
                    .unwrap_or_else(|e| panic!("emit of parsed TCP option {o:?} failed: {e}"));
                assert_eq!(
                    w.position() - before,
                    o.buffer_len(),
                    "TCP option buffer_len"
                );
            }
            Err(e) => {
                format_both("a TCP option error", &e);
                walk_error = Some(e);
            }
        }
    }
    if walk_error.is_none() {
        let rest = walk.rest();
        assert_eq!(
            w.position() + rest.len(),
            options.len(),
            "the walk and its rest cover the options"
        );
        assert_eq!(
            w.written(),
            &options[..w.position()],
            "parsed TCP options do not emit their own bytes"
        );
    }

    // The single-pass summary against the typed walk.
    let summary = p.options_summary();
    assert_eq!(
        summary,
        summary_via_iter(options),
        "options_summary() disagrees with the typed walk"
    );
    assert_eq!(
        summary.err(),
        walk_error,
        "options_summary() and the walk fail alike"
    );
    if let Ok(s) = summary {
        format_debug("a TCP option summary", &s);
        let mut buf = [0u8; 64];
        match s.emit(&mut buf) {
            Ok(n) => {
                assert_eq!(n, s.buffer_len(), "summary emit length");
                assert!(
                    n % 4 == 0 && n <= TCP_MAX_OPTIONS_LEN,
                    "summary emit size {n}"
                );
                assert_eq!(
                    TcpOptionsSummary::parse(&buf[..n]),
                    Ok(s),
                    "summary parse(emit(s)) != s"
                );
            }
            Err(e) => assert!(
                s.buffer_len() > TCP_MAX_OPTIONS_LEN,
                "summary emit failed with room to spare: {e}"
            ),
        }
    }

    // The repr.
    let repr = TcpRepr::parse(&p).unwrap_or_else(|e| panic!("TCP repr of a parsed segment: {e}"));
    format_both("a TCP repr", &repr);
    assert_eq!(
        repr.to_string(),
        p.to_string(),
        "the repr and the view print alike"
    );
    assert_eq!(
        (repr.header_len(), repr.buffer_len()),
        (hl, data.len()),
        "repr lengths"
    );
    assert_eq!(repr.options_summary(), summary, "the repr's summary");
    assert_eq!(repr.option_iter().count(), n, "the repr's option walk");
    let mut out = vec![0xa5u8; data.len() + 3];
    let k = repr
        .emit_raw(&mut out, p.checksum())
        .unwrap_or_else(|e| panic!("emit_raw of a parsed TCP repr failed: {e}"));
    assert_eq!(out[..k], *data, "TCP emit_raw(parse(b), checksum) != b");
    if data.len() <= ip.max_length() {
        let k = repr
            .emit(&ip, &mut out)
            .unwrap_or_else(|e| panic!("emit of a parsed TCP repr failed: {e}"));
        assert_eq!(k, data.len(), "emit length");
        assert!(
            out[k..].iter().all(|&b| b == 0xa5),
            "emit wrote past the segment"
        );
        masked_eq(&out[..k], data, &[16, 17], "TCP emit(parse(b)) != b");
        // Exact only for the canonical checksum: a carried 0xffff where 0x0000 is
        // computed is the other one's-complement zero (RFC 1624 §3); it verifies, and emit
        // writes the canonical 0x0000 (tcp/checksum-ffff-reemitted-as-0000.bin).
        if verified && p.computed_checksum(&ip) == Some(p.checksum()) {
            assert_eq!(
                out[..k],
                *data,
                "TCP emit(parse(b)) != b for a segment with a right checksum"
            );
        }
        let back = TcpPacket::parse(&out[..k]).unwrap_or_else(|e| panic!("emitted TCP: {e}"));
        assert!(
            back.verify_checksum(&ip),
            "the emitted TCP segment does not verify"
        );
        assert_eq!(
            TcpRepr::parse(&back).ok(),
            Some(repr),
            "TCP parse(emit(r)) != r"
        );
        assert!(
            repr.emit(&ip, &mut out[..k - 1]).is_err(),
            "emit into a short buffer"
        );
    }

    // The mutable view.
    let mut copy = data.to_vec();
    {
        let mut m = TcpPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_src_port(p.src_port());
        m.set_dst_port(p.dst_port());
        m.set_seq(p.seq());
        m.set_ack(p.ack());
        m.set_flags(p.flags());
        m.set_window(p.window());
        m.set_checksum(p.checksum());
        m.set_urgent(p.urgent());
        assert_eq!(m.options_mut().len(), options.len(), "mutable options");
        assert_eq!(m.payload_mut().len(), p.payload().len(), "mutable payload");
        format_debug("a mutable TCP segment", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed TCP fields changed the segment"
    );
    {
        let mut m = TcpPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        if m.fill_checksum(&ip).is_ok() {
            assert!(m.verify_checksum(&ip), "fill_checksum does not verify");
        } else {
            assert!(
                data.len() > ip.max_length(),
                "fill_checksum refused a segment that fits"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// UDP

/// Decoder target for UDP datagrams: every accessor, the checksum status, and the repr
/// (`emit(parse(b)) == b` for a datagram whose checksum is right, and always with
/// `emit_raw`; `parse(emit(r)) == r`).
pub fn udp(data: &[u8]) {
    udp_at(data, ALONE_V4);
}

pub(crate) fn udp_at(data: &[u8], ip: IpPseudo) {
    let p = match UdpPacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a UDP parse error", &e);
            let length = if data.len() >= 8 {
                usize::from(be16(data, 4))
            } else {
                0
            };
            assert!(
                data.len() < 8 || length < 8 || length > data.len(),
                "UDP parse refused a whole datagram: {e}"
            );
            return;
        }
    };
    let length = usize::from(p.length());
    assert_eq!(
        (p.src_port(), p.dst_port()),
        (be16(data, 0), be16(data, 2)),
        "ports"
    );
    assert_eq!(
        (p.length(), p.checksum()),
        (be16(data, 4), be16(data, 6)),
        "length/checksum"
    );
    assert_eq!(p.payload(), &data[8..length], "payload");
    assert_eq!(p.trailer(), &data[length..], "trailer");
    format_both("a UDP datagram", &p);
    let status = p.verify_checksum(&ip);
    format_both("a UDP checksum status", &status);
    match p.checksum() {
        0 => assert_eq!(
            status,
            if ip.is_ipv6() {
                UdpChecksumStatus::Illegal
            } else {
                UdpChecksumStatus::NotPresent
            },
            "zero checksum status"
        ),
        c => {
            let computed = p
                .computed_checksum(&ip)
                .unwrap_or_else(|| panic!("a parsed datagram fits"));
            assert_ne!(
                computed, 0,
                "a computed UDP checksum of 0 is sent as 0xffff"
            );
            if computed == c {
                assert_eq!(
                    status,
                    UdpChecksumStatus::Good,
                    "the computed checksum is not good"
                );
            }
        }
    }

    let repr = UdpRepr::parse(&p).unwrap_or_else(|e| panic!("UDP repr of a parsed datagram: {e}"));
    format_both("a UDP repr", &repr);
    assert_eq!(repr.buffer_len(), length, "repr buffer_len");
    let mut out = vec![0xa5u8; length + 3];
    let n = repr
        .emit_raw(&mut out, p.checksum())
        .unwrap_or_else(|e| panic!("emit_raw of a parsed UDP repr failed: {e}"));
    assert_eq!(
        out[..n],
        data[..length],
        "UDP emit_raw(parse(b), checksum) != b"
    );
    let n = repr
        .emit(&ip, &mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed UDP repr failed: {e}"));
    assert_eq!(n, length, "emit length");
    assert!(
        out[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the datagram"
    );
    masked_eq(
        &out[..n],
        &data[..length],
        &[6, 7],
        "UDP emit(parse(b)) != b",
    );
    if status == UdpChecksumStatus::Good {
        assert_eq!(
            out[..n],
            data[..length],
            "UDP emit(parse(b)) != b for a right checksum"
        );
    }
    let back = UdpPacket::parse(&out[..n]).unwrap_or_else(|e| panic!("emitted UDP: {e}"));
    assert_eq!(
        back.verify_checksum(&ip),
        UdpChecksumStatus::Good,
        "emitted UDP checksum"
    );
    assert_eq!(
        UdpRepr::parse(&back).ok(),
        Some(repr),
        "UDP parse(emit(r)) != r"
    );
    assert!(
        repr.emit(&ip, &mut out[..n - 1]).is_err(),
        "emit into a short buffer"
    );

    let mut copy = data.to_vec();
    {
        let mut m = UdpPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_src_port(p.src_port());
        m.set_dst_port(p.dst_port());
        m.set_checksum(p.checksum());
        assert_eq!(m.payload_mut().len(), p.payload().len(), "mutable payload");
        format_debug("a mutable UDP datagram", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed UDP fields changed the datagram"
    );
    {
        let mut m = UdpPacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.fill_checksum(&ip)
            .unwrap_or_else(|e| panic!("fill_checksum: {e}"));
        assert_eq!(
            m.verify_checksum(&ip),
            UdpChecksumStatus::Good,
            "fill_checksum"
        );
    }
}

// ---------------------------------------------------------------------------------------
// GRE

/// Decoder target for GRE packets (RFC 2784/2890 and PPTP's enhanced GRE): every accessor,
/// the optional fields against the flag bits, and the repr (`parse(emit(parse(b))) ==
/// parse(b)`; the bytes come back when the flag word and reserved1 were canonical, the
/// checksum aside, which verifies). The payload goes to the PPP, IP or Ethernet body.
pub fn gre(data: &[u8]) {
    gre_at(data, 0);
}

pub(crate) fn gre_at(data: &[u8], depth: u8) {
    let p = match GrePacket::parse(data) {
        Ok(p) => p,
        Err(e) => {
            format_both("a GRE parse error", &e);
            return;
        }
    };
    let word = be16(data, 0);
    assert_eq!(p.flags_and_version(), word, "flags and version");
    assert_eq!(p.flags(), GreFlags::from_bits_truncate(word), "flags");
    assert_eq!(
        p.recursion_control(),
        ((word >> 8) & 7) as u8,
        "recursion control"
    );
    assert!(
        word & 7 <= 1 && word & 0x4000 == 0,
        "a parsed version over 1, or routing"
    );
    assert_eq!(u16::from(p.version().value()), word & 7, "version");
    let pptp = p.version() == GreVersion::Pptp;
    assert_eq!(p.protocol_type().value(), be16(data, 2), "protocol type");
    let hl = p.header_len();
    let c = word & 0x8000 != 0;
    let k = word & 0x2000 != 0;
    let s = word & 0x1000 != 0;
    let a = pptp && word & 0x0080 != 0;
    assert_eq!(
        hl,
        4 + 4 * usize::from(c) + 4 * usize::from(k) + 4 * usize::from(s) + 4 * usize::from(a)
    );
    assert_eq!(p.optional_fields(), &data[4..hl], "optional fields");
    let mut at = 4;
    let mut field = |present: bool| {
        present.then(|| {
            at += 4;
            be32(data, at - 4)
        })
    };
    let (cs, key, seq, ack) = (field(c), field(k), field(s), field(a));
    assert_eq!(p.checksum(), cs.map(|w| (w >> 16) as u16), "checksum");
    assert_eq!(p.key(), key, "key");
    assert_eq!(p.sequence_number(), seq, "sequence number");
    assert_eq!(p.acknowledgment_number(), ack, "acknowledgment number");
    assert!(!pptp || k, "PPTP without K");
    assert_eq!(
        p.payload_length(),
        key.filter(|_| pptp).map(|k| (k >> 16) as u16)
    );
    assert_eq!(p.call_id(), key.filter(|_| pptp).map(|k| k as u16));
    let payload = p.payload();
    assert_eq!(payload, &data[hl..hl + payload.len()], "payload");
    assert_eq!(
        hl + payload.len() + p.trailer().len(),
        data.len(),
        "header, payload, trailer"
    );
    if !pptp {
        assert!(p.trailer().is_empty(), "GRE version 0 has no trailer");
    }
    assert_eq!(p.verify_checksum().is_some(), c, "verify_checksum when C");
    format_both("a GRE packet", &p);

    match GreRepr::parse(&p) {
        Ok(repr) => {
            assert!(
                !pptp || (!c && p.protocol_type() == EtherType::Ppp),
                "a PPTP repr with C or no PPP"
            );
            format_both("a GRE repr", &repr);
            assert_eq!(repr.header_len(), hl, "repr header length");
            assert_eq!(
                repr.protocol_type(),
                p.protocol_type(),
                "repr protocol type"
            );
            let total = repr.buffer_len(payload.len());
            let mut out = vec![0xa5u8; total + 3];
            let n = repr
                .emit_with_payload(&mut out, payload.len(), |b| {
                    b.copy_from_slice(payload);
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("emit_with_payload of a parsed GRE repr failed: {e}"));
            assert_eq!(n, total, "emit_with_payload length");
            assert!(
                out[n..].iter().all(|&b| b == 0xa5),
                "emit wrote past the packet"
            );
            let back = GrePacket::parse(&out[..n]).unwrap_or_else(|e| panic!("emitted GRE: {e}"));
            assert_eq!(
                GreRepr::parse(&back).ok(),
                Some(repr),
                "GRE parse(emit(r)) != r"
            );
            assert_eq!(back.payload(), payload, "emitted GRE payload");
            if c {
                assert_eq!(
                    back.verify_checksum(),
                    Some(true),
                    "the emitted GRE checksum"
                );
            }
            let reserved1 = cs.map_or(0, |w| w & 0xffff);
            if word == repr.flags_and_version() && reserved1 == 0 {
                let mask: &[usize] = if c { &[4, 5] } else { &[] };
                masked_eq(
                    &out[..n],
                    &data[..n],
                    mask,
                    "GRE emit(parse(b)) != b for a canonical header",
                );
            }
        }
        Err(e) => {
            format_both("a GRE repr error", &e);
            assert!(
                pptp && (c || p.protocol_type() != EtherType::Ppp),
                "GreRepr::parse failed: {e}"
            );
        }
    }

    let mut copy = data.to_vec();
    {
        let mut m = GrePacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        m.set_protocol_type(p.protocol_type());
        assert_eq!(m.set_key(key.unwrap_or(0)).is_ok(), k, "set_key when K");
        if let Some(id) = p.call_id() {
            m.set_call_id(id)
                .unwrap_or_else(|e| panic!("set_call_id: {e}"));
        }
        assert_eq!(
            m.set_sequence_number(seq.unwrap_or(0)).is_ok(),
            s,
            "set_sequence_number when S"
        );
        assert_eq!(
            m.set_acknowledgment_number(ack.unwrap_or(0)).is_ok(),
            a,
            "set_ack when A"
        );
        assert_eq!(m.payload_mut().len(), payload.len(), "mutable payload");
        format_debug("a mutable GRE packet", &m);
    }
    assert_eq!(
        copy, data,
        "rewriting the parsed GRE fields changed the packet"
    );
    {
        let mut m = GrePacket::parse(&mut copy[..]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.fill_checksum().is_ok(), c, "fill_checksum when C");
        if c {
            assert_eq!(
                m.verify_checksum(),
                Some(true),
                "fill_checksum does not verify"
            );
        }
    }

    if depth < MAX_DEPTH {
        match p.protocol_type() {
            EtherType::Ppp => crate::ppp::ppp_at(payload, depth + 1),
            EtherType::Ipv4 => ipv4_at(payload, depth + 1),
            EtherType::Ipv6 => ipv6_at(payload, depth + 1),
            t if t.value() == 0x6558 => crate::ethernet(payload),
            _ => {}
        }
    }
}
