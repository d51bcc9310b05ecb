//! Round-trip targets of codec-inet and of codec-link's PPP family: an arbitrary repr (built
//! by hand from arbitrary primitives, since codec-inet's reprs do not derive `Arbitrary`),
//! emitted, parsed back, compared. Reprs that cannot be encoded must be refused by `emit`.
//!
//! Running out of input is not a failure: libFuzzer grows inputs as it needs.

use crate::format_both;
use arbitrary::{Result, Unstructured};
use codec_core::{Protocol, Writer};
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::{
    HEADER_LEN as IPV4_HEADER_LEN, Ipv4Flags, Ipv4Option, Ipv4Options, Ipv4Packet, Ipv4Repr,
    MAX_TOTAL_LEN, RouteOption, TimestampFlag, TimestampOption,
};
use codec_inet::ipv6::{Ipv6Option, Ipv6Packet, Ipv6Repr, MAX_FLOW_LABEL, RoutingType};
use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::{
    SackBlock, TcpFlags, TcpOption, TcpOptionKind, TcpOptions, TcpOptionsSummary, TcpPacket,
    TcpRepr, TcpTimestamps, write_options,
};
use codec_inet::udp::{UdpChecksumStatus, UdpPacket, UdpRepr};
use codec_link::ppp::ccp::{Ccp, CcpOption, Deflate, LzsCheckMode, MppeBits};
use codec_link::ppp::chap::{ChapCode, ChapMessage, ChapPacket, ChapRepr};
use codec_link::ppp::control::{
    ConfigOption, ControlCode, ControlData, ControlPacket, ControlProtocol, ControlRepr, OptionList,
};
use codec_link::ppp::ipcp::{IpCompression, Ipcp, IpcpOption};
use codec_link::ppp::ipv6cp::{Ipv6cp, Ipv6cpOption};
use codec_link::ppp::lcp::{
    AuthProtocol, CallbackOperation, ChapAlgorithm, EndpointClass, FcsAlternatives, Lcp, LcpOption,
};
use codec_link::ppp::pap::{PapCode, PapMessage, PapPacket, PapRepr};
use codec_link::ppp::{PppFrame, PppRepr};
use codec_link::pppoe::{PppoeCode, PppoePacket, PppoeRepr, PppoeTag, PppoeTagType, TagList};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Up to `max` bytes of the input (fewer when it runs out).
fn bytes_upto<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<&'a [u8]> {
    let n = u.int_in_range(0..=max)?;
    u.bytes(n.min(u.len()))
}

fn ipv4_addr(u: &mut Unstructured<'_>) -> Result<Ipv4Addr> {
    Ok(Ipv4Addr::from(u.arbitrary::<[u8; 4]>()?))
}

fn ipv6_addr(u: &mut Unstructured<'_>) -> Result<Ipv6Addr> {
    Ok(Ipv6Addr::from(u.arbitrary::<[u8; 16]>()?))
}

fn pseudo(u: &mut Unstructured<'_>) -> Result<IpPseudo> {
    Ok(if u.arbitrary()? {
        IpPseudo::V4 {
            src: ipv4_addr(u)?,
            dst: ipv4_addr(u)?,
        }
    } else {
        IpPseudo::V6 {
            src: ipv6_addr(u)?,
            dst: ipv6_addr(u)?,
        }
    })
}

// ---------------------------------------------------------------------------------------
// IPv4

fn ipv4_option<'a>(u: &mut Unstructured<'a>) -> Result<Ipv4Option<'a>> {
    Ok(match u.int_in_range(0..=7u8)? {
        0 => Ipv4Option::Nop,
        1 => Ipv4Option::EndOfList,
        k @ 2..=4 => {
            let route = RouteOption {
                pointer: u.arbitrary()?,
                route: bytes_upto(u, 36)?,
            };
            match k {
                2 => Ipv4Option::RecordRoute(route),
                3 => Ipv4Option::LooseSourceRoute(route),
                _ => Ipv4Option::StrictSourceRoute(route),
            }
        }
        5 => Ipv4Option::Timestamp(TimestampOption {
            pointer: u.arbitrary()?,
            overflow: u.int_in_range(0..=15)?,
            flag: TimestampFlag::from_value(u.int_in_range(0..=15)?),
            data: bytes_upto(u, 36)?,
        }),
        6 => Ipv4Option::RouterAlert(u.arbitrary()?),
        _ => {
            let kind: u8 = u.arbitrary()?;
            // Kinds typed above would come back typed: an Unknown only has the others.
            let kind = if matches!(kind, 0 | 1 | 7 | 68 | 131 | 137 | 148) {
                130
            } else {
                kind
            };
            Ipv4Option::Unknown {
                kind,
                data: bytes_upto(u, 38)?,
            }
        }
    })
}

/// Builder target for IPv4: an arbitrary header (typed options emitted into the option
/// area, EOL-padded to 4), emitted with `emit` and `emit_with_payload`, parsed back,
/// compared, the options walked back to the typed values. Reprs with an out-of-range field
/// must be refused.
pub fn ipv4_roundtrip(data: &[u8]) {
    let _ = ipv4_roundtrip_inner(&mut Unstructured::new(data));
}

fn ipv4_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    // The option area, from typed options.
    let mut area = [0u8; 40];
    let mut used = 0;
    let mut typed = Vec::new();
    for _ in 0..u.int_in_range(0..=8)? {
        let o = ipv4_option(u)?;
        let Ok(n) = o.emit(&mut area[used..]) else {
            assert!(
                o.buffer_len() > 40 - used,
                "option emit refused {o:?} with room"
            );
            break;
        };
        assert_eq!(n, o.buffer_len(), "option emit length");
        used += n;
        typed.push(o);
    }
    let padded = used.next_multiple_of(4);
    // The options a walk gives back: up to the first EOL, or the EOL padding.
    let mut expect: Vec<Ipv4Option<'_>> = Vec::new();
    for o in &typed {
        expect.push(*o);
        if *o == Ipv4Option::EndOfList {
            break;
        }
    }
    if padded > used && expect.last() != Some(&Ipv4Option::EndOfList) {
        expect.push(Ipv4Option::EndOfList);
    }
    let options = &area[..padded];

    let mut repr = Ipv4Repr {
        src_addr: ipv4_addr(u)?,
        dst_addr: ipv4_addr(u)?,
        protocol: IpProtocol::from_value(u.arbitrary()?),
        ttl: u.arbitrary()?,
        dscp: u.int_in_range(0..=63)?,
        ecn: u.int_in_range(0..=3)?,
        ident: u.arbitrary()?,
        flags: Ipv4Flags::from_bits_truncate(u.arbitrary()?),
        frag_offset: u.int_in_range(0..=0x1fffu16)? << 3,
        options,
        payload_len: 0,
    };
    let hl = IPV4_HEADER_LEN + padded;
    repr.payload_len = if u.ratio(1, 8)? {
        u.int_in_range(0..=MAX_TOTAL_LEN - hl)?
    } else {
        u.int_in_range(0..=512)?
    };

    // Now and then a repr that has no encoding.
    let broken = match u.int_in_range(0..=15u8)? {
        0 => Some(Ipv4Repr {
            dscp: u.int_in_range(64..=255)?,
            ..repr
        }),
        1 => Some(Ipv4Repr {
            ecn: u.int_in_range(4..=255)?,
            ..repr
        }),
        2 => Some(Ipv4Repr {
            frag_offset: repr.frag_offset | u.int_in_range(1..=7)?,
            ..repr
        }),
        3 if used % 4 != 0 => Some(Ipv4Repr {
            options: &area[..used],
            ..repr
        }),
        4 => Some(Ipv4Repr {
            payload_len: MAX_TOTAL_LEN - hl + u.int_in_range(1..=100_000)?,
            ..repr
        }),
        5 => Some(Ipv4Repr {
            options: &[0x94, 0x03, 0x00, 0x00],
            ..repr
        }),
        _ => None,
    };
    if let Some(bad) = broken {
        let mut buf = [0u8; 64];
        assert!(bad.emit(&mut buf).is_err(), "IPv4 emit must refuse {bad:?}");
        return Ok(());
    }
    format_both("an arbitrary IPv4 repr", &repr);

    let mut buf = vec![0xa5u8; hl + 3];
    assert!(
        repr.emit(&mut buf[..hl - 1]).is_err(),
        "emit into a short buffer"
    );
    let n = repr
        .emit(&mut buf)
        .unwrap_or_else(|e| panic!("IPv4 emit of {repr:?} failed: {e}"));
    assert_eq!(n, hl, "emit length is the header length");
    assert!(
        buf[hl..].iter().all(|&b| b == 0xa5),
        "emit wrote past the header"
    );
    let p = Ipv4Packet::parse_lax(&buf[..hl])
        .unwrap_or_else(|e| panic!("parse of emitted {repr:?} failed: {e}"));
    assert!(
        p.verify_checksum(),
        "the emitted IPv4 header does not verify"
    );
    assert_eq!(
        p.is_truncated(),
        repr.payload_len > 0,
        "lax view of a bare header"
    );
    assert_eq!(
        Ipv4Repr::parse(&p).ok(),
        Some(repr),
        "IPv4 parse(emit(r)) != r"
    );
    let walked: Vec<_> = p
        .options()
        .collect::<codec_core::Result<_>>()
        .unwrap_or_else(|e| panic!("the emitted options do not walk: {e}"));
    assert_eq!(
        walked, expect,
        "IPv4 options do not walk back to what was emitted"
    );
    assert_eq!(Ipv4Options::new(options).validate(), Ok(()), "validate");

    if repr.payload_len <= 4096 {
        let fill: u8 = u.arbitrary()?;
        let total = repr.total_len();
        let mut whole = vec![0u8; total + 2];
        let n = repr
            .emit_with_payload(&mut whole, repr.payload_len, |b| {
                b.fill(fill);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("IPv4 emit_with_payload of {repr:?} failed: {e}"));
        assert_eq!(n, total, "emit_with_payload length");
        let p = Ipv4Packet::parse(&whole[..n])
            .unwrap_or_else(|e| panic!("strict parse of emitted {repr:?} failed: {e}"));
        assert!(
            p.trailer().is_empty() && !p.is_truncated(),
            "a whole emitted datagram"
        );
        assert!(p.payload().iter().all(|&b| b == fill), "payload bytes");
        assert_eq!(
            Ipv4Repr::parse(&p).ok(),
            Some(repr),
            "IPv4 parse(emit_with_payload(r)) != r"
        );
        assert!(
            repr.emit_with_payload(&mut whole[..total - 1], repr.payload_len, |_| Ok(()))
                .is_err(),
            "emit_with_payload into a short buffer"
        );
    }

    let (total, checksum) = (u.arbitrary::<u16>()?, u.arbitrary::<u16>()?);
    let n = repr
        .emit_raw(&mut buf, total, checksum)
        .unwrap_or_else(|e| panic!("IPv4 emit_raw of {repr:?} failed: {e}"));
    assert_eq!(n, hl, "emit_raw length");
    assert_eq!(
        (
            u16::from_be_bytes([buf[2], buf[3]]),
            u16::from_be_bytes([buf[10], buf[11]])
        ),
        (total, checksum),
        "emit_raw writes the values it is given"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// IPv6

/// One extension header as built, to compare with the walk.
struct BuiltHeader {
    protocol: IpProtocol,
    offset: usize,
    len: usize,
    /// Hop-by-hop / destination options: (type, data) of each, padding included.
    options: Vec<(u8, Vec<u8>)>,
    /// Routing: the addresses `addresses()` must give.
    addresses: Vec<Ipv6Addr>,
    /// Fragment: offset in 8-byte units, M, identification.
    fragment: Option<(u16, bool, u32)>,
    /// AH: SPI, sequence number.
    ah: Option<(u32, u32)>,
}

fn ipv6_options(
    u: &mut Unstructured<'_>,
    out: &mut Vec<u8>,
    opts: &mut Vec<(u8, Vec<u8>)>,
) -> Result<()> {
    for _ in 0..u.int_in_range(0..=4)? {
        let (t, d): (u8, Vec<u8>) = match u.int_in_range(0..=4u8)? {
            0 => (0, Vec::new()),
            1 => (1, vec![0; u.int_in_range(0..=5)?]),
            2 => (5, u.arbitrary::<[u8; 2]>()?.to_vec()),
            3 => (0xc2, u.arbitrary::<[u8; 4]>()?.to_vec()),
            _ => {
                let t: u8 = u.arbitrary()?;
                let t = if matches!(t, 0 | 1 | 5 | 0xc2) {
                    0x1e
                } else {
                    t
                };
                (t, bytes_upto(u, 12)?.to_vec())
            }
        };
        if t == 0 {
            out.push(0);
        } else {
            out.push(t);
            out.push(d.len() as u8);
            out.extend_from_slice(&d);
        }
        opts.push((t, d));
    }
    // Pad to a multiple of 8 with Pad1 or PadN.
    match (8 - out.len() % 8) % 8 {
        0 => {}
        1 => {
            out.push(0);
            opts.push((0, Vec::new()));
        }
        n => {
            out.push(1);
            out.push((n - 2) as u8);
            out.extend(std::iter::repeat_n(0, n - 2));
            opts.push((1, vec![0; n - 2]));
        }
    }
    Ok(())
}

/// Builder target for IPv6: an arbitrary fixed header and an extension chain built by hand
/// (hop-by-hop and destination options with their padding, routing of types 0, 2, 4 and
/// others, fragments, AH), emitted with `emit_with_payload`, parsed back, compared, the chain
/// walked back to what was built and the upper layer found where it was put.
pub fn ipv6_roundtrip(data: &[u8]) {
    let _ = ipv6_roundtrip_inner(&mut Unstructured::new(data));
}

fn ipv6_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    let kinds_n = u.int_in_range(0..=6)?;
    let mut kinds = Vec::new();
    for _ in 0..kinds_n {
        kinds.push(*u.choose(&[
            IpProtocol::HopByHop,
            IpProtocol::Ipv6Route,
            IpProtocol::Ipv6Frag,
            IpProtocol::Ipv6Opts,
            IpProtocol::Ah,
        ])?);
    }
    let upper = IpProtocol::from_value(u.arbitrary()?);
    let upper = if upper.is_ipv6_extension() {
        IpProtocol::NoNextHeader
    } else {
        upper
    };

    let mut chain: Vec<u8> = Vec::new();
    let mut built: Vec<BuiltHeader> = Vec::new();
    let mut final_protocol = upper;
    let mut last_fragment = None;
    for (i, &kind) in kinds.iter().enumerate() {
        let next = kinds.get(i + 1).copied().unwrap_or(upper);
        let start = chain.len();
        let mut h = BuiltHeader {
            protocol: kind,
            offset: 40 + start,
            len: 0,
            options: Vec::new(),
            addresses: Vec::new(),
            fragment: None,
            ah: None,
        };
        let mut bytes = vec![next.value(), 0];
        let mut stop = false;
        match kind {
            IpProtocol::HopByHop | IpProtocol::Ipv6Opts => {
                ipv6_options(u, &mut bytes, &mut h.options)?;
            }
            IpProtocol::Ipv6Route => {
                let rt = RoutingType::from_value(u.int_in_range(0..=6)?);
                bytes.push(rt.value());
                bytes.push(u.arbitrary()?);
                let n = u.int_in_range(0..=3)?;
                match rt {
                    RoutingType::SourceRoute | RoutingType::Type2 => {
                        bytes.extend_from_slice(&[0; 4]);
                        for _ in 0..n {
                            let a = ipv6_addr(u)?;
                            bytes.extend_from_slice(&a.octets());
                            h.addresses.push(a);
                        }
                    }
                    RoutingType::SegmentRouting => {
                        let n = n.max(1);
                        bytes.extend_from_slice(&[(n - 1) as u8, 0, 0, 0]);
                        for _ in 0..n {
                            let a = ipv6_addr(u)?;
                            bytes.extend_from_slice(&a.octets());
                            h.addresses.push(a);
                        }
                    }
                    _ => bytes.extend_from_slice(bytes_upto(u, 20)?),
                }
                let pad = bytes.len().next_multiple_of(8) - bytes.len();
                bytes.extend(std::iter::repeat_n(0, pad));
            }
            IpProtocol::Ipv6Frag => {
                let offset = u.int_in_range(0..=0x1fffu16)?;
                let more: bool = u.arbitrary()?;
                let reserved_bits = u.int_in_range(0..=3u16)? << 1;
                let ident: u32 = u.arbitrary()?;
                bytes.extend_from_slice(
                    &((offset << 3) | reserved_bits | u16::from(more)).to_be_bytes(),
                );
                bytes.extend_from_slice(&ident.to_be_bytes());
                h.fragment = Some((offset, more, ident));
                last_fragment = Some((offset, more, ident));
                if offset != 0 {
                    // What follows is a fragment of data, not headers.
                    final_protocol = next;
                    stop = true;
                }
            }
            _ => {
                let k = u.int_in_range(0..=6usize)?;
                bytes[1] = (1 + k) as u8;
                bytes.extend_from_slice(&[0, 0]);
                let (spi, seq): (u32, u32) = (u.arbitrary()?, u.arbitrary()?);
                bytes.extend_from_slice(&spi.to_be_bytes());
                bytes.extend_from_slice(&seq.to_be_bytes());
                bytes.extend(std::iter::repeat_n(0xab, 4 * k));
                h.ah = Some((spi, seq));
            }
        }
        if !matches!(kind, IpProtocol::Ah | IpProtocol::Ipv6Frag) {
            bytes[1] = (bytes.len() / 8 - 1) as u8;
        }
        h.len = bytes.len();
        chain.extend_from_slice(&bytes);
        built.push(h);
        if stop {
            break;
        }
    }
    let upper_at = 40 + chain.len();
    chain.extend_from_slice(bytes_upto(u, 64)?);

    let flow: u32 = u.arbitrary()?;
    let repr = Ipv6Repr {
        src_addr: ipv6_addr(u)?,
        dst_addr: ipv6_addr(u)?,
        next_header: kinds.first().copied().unwrap_or(upper),
        hop_limit: u.arbitrary()?,
        traffic_class: u.arbitrary()?,
        flow_label: flow & MAX_FLOW_LABEL,
    };
    let mut header = [0u8; 40];
    if flow > MAX_FLOW_LABEL && u.ratio(1, 4)? {
        let bad = Ipv6Repr {
            flow_label: flow,
            ..repr
        };
        assert!(
            bad.emit(&mut header, 0).is_err(),
            "IPv6 emit must refuse flow label {flow:#x}"
        );
        return Ok(());
    }
    assert!(
        repr.emit(&mut header, 65536).is_err(),
        "IPv6 emit must refuse a jumbo payload"
    );
    assert!(
        repr.emit(&mut header[..39], 0).is_err(),
        "emit into a short buffer"
    );
    format_both("an arbitrary IPv6 repr", &repr);

    let total = repr.buffer_len(chain.len());
    let mut buf = vec![0xa5u8; total + 3];
    let n = repr
        .emit_with_payload(&mut buf, chain.len(), |b| {
            b.copy_from_slice(&chain);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("IPv6 emit_with_payload of {repr:?} failed: {e}"));
    assert_eq!(n, total, "emit_with_payload length");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit_with_payload wrote past the packet"
    );
    let p = Ipv6Packet::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted IPv6: {e}"));
    assert_eq!(
        Ipv6Repr::parse(&p).ok(),
        Some(repr),
        "IPv6 parse(emit(r)) != r"
    );
    assert_eq!(p.payload(), &chain[..], "IPv6 payload");

    // The chain walks back to what was built.
    let walked: Vec<_> = p
        .extension_headers()
        .collect::<codec_core::Result<_>>()
        .unwrap_or_else(|e| panic!("the built extension chain does not walk: {e}"));
    assert_eq!(walked.len(), built.len(), "extension header count");
    for (h, b) in walked.iter().zip(&built) {
        assert_eq!(
            (h.protocol(), h.offset(), h.len()),
            (b.protocol, b.offset, b.len),
            "extension header"
        );
        if let Some(opts) = h.options() {
            let got: Vec<(u8, Vec<u8>)> = opts
                .map(
                    |o| match o.unwrap_or_else(|e| panic!("built option: {e}")) {
                        Ipv6Option::Pad1 => (0, Vec::new()),
                        Ipv6Option::PadN(d) => (1, d.to_vec()),
                        Ipv6Option::RouterAlert(v) => (5, v.to_be_bytes().to_vec()),
                        Ipv6Option::JumboPayload(v) => (0xc2, v.to_be_bytes().to_vec()),
                        Ipv6Option::Unknown { option_type, data } => {
                            (option_type.value(), data.to_vec())
                        }
                    },
                )
                .collect();
            assert_eq!(
                got, b.options,
                "IPv6 options do not walk back to what was built"
            );
        }
        if let Some(r) = h.routing() {
            assert_eq!(
                r.addresses().collect::<Vec<_>>(),
                b.addresses,
                "routing addresses"
            );
        }
        assert_eq!(
            h.fragment()
                .map(|f| (f.fragment_offset(), f.more_fragments(), f.identification())),
            b.fragment,
            "fragment header"
        );
        assert_eq!(
            h.authentication().map(|a| (a.spi(), a.sequence_number())),
            b.ah,
            "AH"
        );
    }
    let up = p
        .upper_layer()
        .unwrap_or_else(|e| panic!("upper_layer of a built chain: {e}"));
    assert_eq!(
        (up.protocol, up.offset, up.payload),
        (final_protocol, upper_at, &chain[upper_at - 40..]),
        "the upper layer is where it was put"
    );
    assert_eq!(
        up.fragment
            .map(|f| (f.fragment_offset(), f.more_fragments(), f.identification())),
        last_fragment,
        "the last fragment header crossed"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// TCP

fn sack_blocks(u: &mut Unstructured<'_>, max: usize) -> Result<Vec<SackBlock>> {
    let n = u.int_in_range(1..=max)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(SackBlock::new(u.arbitrary()?, u.arbitrary()?));
    }
    Ok(v)
}

/// Builder target for TCP: an arbitrary header with options from a typed summary (Linux
/// layout), from a typed list (`write_options`), or raw; emitted for an arbitrary IPv4 or
/// IPv6 pseudo-header, parsed back, compared (the summary and the typed list come back from
/// the walk).
pub fn tcp_roundtrip(data: &[u8]) {
    let _ = tcp_roundtrip_inner(&mut Unstructured::new(data));
}

fn tcp_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    let ip = pseudo(u)?;
    let mut opt_buf = [0u8; 64];
    let blocks;
    let mut typed: Vec<TcpOption<'_>> = Vec::new();
    let choice = u.int_in_range(0..=2u8)?;
    let options: &[u8] = match choice {
        0 => {
            blocks = if u.arbitrary()? {
                sack_blocks(u, 4)?
            } else {
                Vec::new()
            };
            let s = TcpOptionsSummary {
                mss: u.arbitrary()?,
                window_scale: u.arbitrary()?,
                sack_permitted: u.arbitrary()?,
                timestamps: u
                    .arbitrary::<Option<(u32, u32)>>()?
                    .map(|(tsval, tsecr)| TcpTimestamps { tsval, tsecr }),
                sack_blocks: &blocks,
            };
            match s.emit(&mut opt_buf) {
                Ok(n) => {
                    assert!(
                        n == s.buffer_len() && n % 4 == 0 && n <= 40,
                        "summary emit length {n}"
                    );
                    assert_eq!(
                        TcpOptionsSummary::parse(&opt_buf[..n]),
                        Ok(s),
                        "summary parse(emit(s)) != s"
                    );
                    &opt_buf[..n]
                }
                Err(e) => {
                    assert!(s.buffer_len() > 40, "summary emit of {s:?} failed: {e}");
                    return Ok(());
                }
            }
        }
        1 => {
            blocks = sack_blocks(u, 4)?;
            for _ in 0..u.int_in_range(0..=10)? {
                typed.push(match u.int_in_range(0..=7u8)? {
                    0 => TcpOption::Nop,
                    1 => TcpOption::EndOfList,
                    2 => TcpOption::Mss(u.arbitrary()?),
                    3 => TcpOption::WindowScale(u.arbitrary()?),
                    4 => TcpOption::SackPermitted,
                    5 => TcpOption::Sack(&blocks[..u.int_in_range(1..=blocks.len())?]),
                    6 => TcpOption::Timestamps(TcpTimestamps {
                        tsval: u.arbitrary()?,
                        tsecr: u.arbitrary()?,
                    }),
                    _ => {
                        let k: u8 = u.arbitrary()?;
                        let k = if matches!(k, 0..=5 | 8) { 34 } else { k };
                        TcpOption::Other {
                            kind: TcpOptionKind::from_value(k),
                            data: bytes_upto(u, 12)?,
                        }
                    }
                });
            }
            let raw_len: usize = typed.iter().map(TcpOption::buffer_len).sum();
            match write_options(&typed, &mut opt_buf) {
                Ok(n) => {
                    assert_eq!(n, raw_len.next_multiple_of(4), "write_options length");
                    let mut expect = Vec::new();
                    for o in &typed {
                        expect.push(*o);
                        if *o == TcpOption::EndOfList {
                            break;
                        }
                    }
                    if n > raw_len && expect.last() != Some(&TcpOption::EndOfList) {
                        expect.push(TcpOption::EndOfList);
                    }
                    let walked: Vec<_> = TcpOptions::new(&opt_buf[..n])
                        .collect::<codec_core::Result<_>>()
                        .unwrap_or_else(|e| panic!("written options do not walk: {e}"));
                    assert_eq!(
                        walked, expect,
                        "TCP options do not walk back to what was written"
                    );
                    &opt_buf[..n]
                }
                Err(e) => {
                    assert!(
                        raw_len.next_multiple_of(4) > 40,
                        "write_options of {typed:?} failed: {e}"
                    );
                    return Ok(());
                }
            }
        }
        _ => bytes_upto(u, 44)?,
    };
    let bits: u16 = u.arbitrary()?;
    let repr = TcpRepr {
        src_port: u.arbitrary()?,
        dst_port: u.arbitrary()?,
        seq: u.arbitrary()?,
        ack: u.arbitrary()?,
        flags: TcpFlags::from_wire(bits),
        window: u.arbitrary()?,
        urgent: u.arbitrary()?,
        options,
        payload: bytes_upto(u, 1500)?,
    };
    let mut buf = vec![0xa5u8; repr.buffer_len() + 3];
    if bits > 0x0fff && u.ratio(1, 4)? {
        let bad = TcpRepr {
            flags: TcpFlags::from_bits_retain(bits),
            ..repr
        };
        assert!(
            bad.emit(&ip, &mut buf).is_err(),
            "TCP emit must refuse flag bits {bits:#x}"
        );
        return Ok(());
    }
    if options.len() > 40 {
        assert!(
            repr.emit(&ip, &mut buf).is_err(),
            "TCP emit must refuse {} option bytes",
            options.len()
        );
        return Ok(());
    }
    format_both("an arbitrary TCP repr", &repr);
    let len = repr.buffer_len();
    assert!(
        repr.emit(&ip, &mut buf[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    let n = repr
        .emit(&ip, &mut buf)
        .unwrap_or_else(|e| panic!("TCP emit of {repr:?} failed: {e}"));
    assert_eq!(n, len, "emit length is buffer_len");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the segment"
    );
    let p = TcpPacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted TCP: {e}"));
    assert!(
        p.verify_checksum(&ip),
        "the emitted TCP segment does not verify"
    );
    let back = TcpRepr::parse(&p).unwrap_or_else(|e| panic!("{e}"));
    if options.len().is_multiple_of(4) {
        assert_eq!(back, repr, "TCP parse(emit(r)) != r");
    } else {
        assert_eq!(
            TcpRepr { options, ..back },
            repr,
            "TCP parse(emit(r)) != r, options aside"
        );
        assert_eq!(&back.options[..options.len()], options, "padded options");
        assert!(
            back.options[options.len()..].iter().all(|&b| b == 0),
            "EOL padding"
        );
    }
    if choice != 2 {
        assert_eq!(
            p.options_summary(),
            TcpOptionsSummary::parse(options),
            "the segment's summary"
        );
    }
    let c: u16 = u.arbitrary()?;
    let n = repr
        .emit_raw(&mut buf, c)
        .unwrap_or_else(|e| panic!("TCP emit_raw: {e}"));
    assert_eq!(
        (n, u16::from_be_bytes([buf[16], buf[17]])),
        (len, c),
        "emit_raw"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// UDP

/// Builder target for UDP: arbitrary ports and data for an arbitrary IPv4 or IPv6
/// pseudo-header, emitted, parsed back, compared; `emit_raw` with a zero checksum; the
/// 65535-byte limit.
pub fn udp_roundtrip(data: &[u8]) {
    let _ = udp_roundtrip_inner(&mut Unstructured::new(data));
}

fn udp_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    let ip = pseudo(u)?;
    let repr = UdpRepr {
        src_port: u.arbitrary()?,
        dst_port: u.arbitrary()?,
        payload: bytes_upto(u, 2048)?,
    };
    format_both("an arbitrary UDP repr", &repr);
    let len = repr.buffer_len();
    let mut buf = vec![0xa5u8; len + 3];
    assert!(
        repr.emit(&ip, &mut buf[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    let n = repr
        .emit(&ip, &mut buf)
        .unwrap_or_else(|e| panic!("UDP emit of {repr:?} failed: {e}"));
    assert_eq!(n, len, "emit length");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the datagram"
    );
    let p = UdpPacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted UDP: {e}"));
    assert_eq!(
        p.verify_checksum(&ip),
        UdpChecksumStatus::Good,
        "emitted UDP checksum"
    );
    assert_ne!(p.checksum(), 0, "emit never sends a zero checksum");
    assert_eq!(
        UdpRepr::parse(&p).ok(),
        Some(repr),
        "UDP parse(emit(r)) != r"
    );
    assert!(p.trailer().is_empty(), "no trailer");

    let n = repr
        .emit_raw(&mut buf, 0)
        .unwrap_or_else(|e| panic!("UDP emit_raw: {e}"));
    let p = UdpPacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("{e}"));
    let want = if ip.is_ipv6() {
        UdpChecksumStatus::Illegal
    } else {
        UdpChecksumStatus::NotPresent
    };
    assert_eq!(p.verify_checksum(&ip), want, "zero checksum status");
    assert_eq!(
        UdpRepr::parse(&p).ok(),
        Some(repr),
        "UDP parse(emit_raw(r)) != r"
    );

    let too_long = 65536 - 8 + u.int_in_range(0..=10)?;
    assert!(
        repr.emit_with_payload(&ip, &mut buf, too_long, |_| Ok(()))
            .is_err(),
        "UDP emit must refuse {too_long} bytes of data"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// PPP control protocols

fn lcp_option<'a>(u: &mut Unstructured<'a>) -> Result<LcpOption<'a>> {
    Ok(match u.int_in_range(0..=18u8)? {
        0 => LcpOption::VendorSpecific {
            oui: u.arbitrary()?,
            kind: u.arbitrary()?,
            value: bytes_upto(u, 8)?,
        },
        1 => LcpOption::Mru(u.arbitrary()?),
        2 => LcpOption::Accm(u.arbitrary()?),
        3 => LcpOption::AuthProtocol(match u.int_in_range(0..=3u8)? {
            0 => AuthProtocol::Pap,
            1 => AuthProtocol::Chap(ChapAlgorithm::from_value(u.arbitrary()?)),
            2 => AuthProtocol::Eap,
            _ => AuthProtocol::Other {
                protocol: u.arbitrary()?,
                data: bytes_upto(u, 4)?,
            },
        }),
        4 => LcpOption::QualityProtocol {
            protocol: u.arbitrary()?,
            data: bytes_upto(u, 6)?,
        },
        5 => LcpOption::MagicNumber(u.arbitrary()?),
        6 => LcpOption::Pfc,
        7 => LcpOption::Acfc,
        8 => LcpOption::FcsAlternatives(FcsAlternatives::from_bits_retain(u.arbitrary()?)),
        9 => LcpOption::Callback {
            operation: CallbackOperation::from_value(u.arbitrary()?),
            message: bytes_upto(u, 12)?,
        },
        10 => LcpOption::Mrru(u.arbitrary()?),
        11 => LcpOption::ShortSequence,
        12 => LcpOption::EndpointDiscriminator {
            class: EndpointClass::from_value(u.int_in_range(0..=7)?),
            address: bytes_upto(u, 24)?,
        },
        13 => LcpOption::LinkDiscriminator(u.arbitrary()?),
        14 => LcpOption::Unknown {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        15 => LcpOption::Malformed {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        16 => LcpOption::Invalid(bytes_upto(u, 8)?),
        _ => LcpOption::Unknown {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 300)?,
        },
    })
}

fn ipcp_option<'a>(u: &mut Unstructured<'a>) -> Result<IpcpOption<'a>> {
    Ok(match u.int_in_range(0..=10u8)? {
        0 => IpcpOption::IpAddresses {
            source: ipv4_addr(u)?,
            destination: ipv4_addr(u)?,
        },
        1 => IpcpOption::IpCompression(IpCompression::VanJacobson {
            max_slot_id: u.arbitrary()?,
            comp_slot_id: u.arbitrary()?,
        }),
        2 => IpcpOption::IpCompression(IpCompression::Other {
            protocol: u.arbitrary()?,
            data: bytes_upto(u, 6)?,
        }),
        3 => IpcpOption::IpAddress(ipv4_addr(u)?),
        4 => IpcpOption::PrimaryDns(ipv4_addr(u)?),
        5 => IpcpOption::PrimaryNbns(ipv4_addr(u)?),
        6 => IpcpOption::SecondaryDns(ipv4_addr(u)?),
        7 => IpcpOption::SecondaryNbns(ipv4_addr(u)?),
        8 => IpcpOption::Unknown {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        9 => IpcpOption::Malformed {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        _ => IpcpOption::Invalid(bytes_upto(u, 8)?),
    })
}

fn ipv6cp_option<'a>(u: &mut Unstructured<'a>) -> Result<Ipv6cpOption<'a>> {
    Ok(match u.int_in_range(0..=4u8)? {
        0 => Ipv6cpOption::InterfaceIdentifier(u.arbitrary()?),
        1 => Ipv6cpOption::Ipv6Compression {
            protocol: u.arbitrary()?,
            data: bytes_upto(u, 6)?,
        },
        2 => Ipv6cpOption::Unknown {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        3 => Ipv6cpOption::Malformed {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        _ => Ipv6cpOption::Invalid(bytes_upto(u, 8)?),
    })
}

fn ccp_option<'a>(u: &mut Unstructured<'a>) -> Result<CcpOption<'a>> {
    let deflate = |u: &mut Unstructured<'a>| -> Result<Deflate> {
        Ok(Deflate {
            window: u.int_in_range(6..=24)?,
            method: u.int_in_range(0..=16)?,
            check: u.arbitrary()?,
        })
    };
    Ok(match u.int_in_range(0..=10u8)? {
        0 => CcpOption::Oui {
            oui: u.arbitrary()?,
            subtype: u.arbitrary()?,
            values: bytes_upto(u, 8)?,
        },
        1 => CcpOption::Predictor1,
        2 => CcpOption::Predictor2,
        3 => CcpOption::Lzs {
            history_count: u.arbitrary()?,
            check_mode: LzsCheckMode::from_value(u.arbitrary()?),
        },
        4 => CcpOption::Mppe(MppeBits::from_bits_retain(u.arbitrary()?)),
        5 => CcpOption::BsdCompress {
            version: u.int_in_range(0..=8)?,
            dict_bits: u.int_in_range(0..=0x20)?,
        },
        6 => CcpOption::DeflateDraft(deflate(u)?),
        7 => CcpOption::Deflate(deflate(u)?),
        8 => CcpOption::Unknown {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        9 => CcpOption::Malformed {
            kind: u.arbitrary()?,
            data: bytes_upto(u, 8)?,
        },
        _ => CcpOption::Invalid(bytes_upto(u, 8)?),
    })
}

/// One control packet of protocol `$proto`: arbitrary identifier and data of any code, the
/// options from `$option`. Emit must refuse what has no encoding (a code the protocol does
/// not use, an option out of its range) and round-trip the rest. A macro rather than a
/// generic function: `ControlRepr<'a, P>` is invariant in `'a` through `P::Opt<'a>`, and
/// only a named option type lets the built and the parsed repr meet at one lifetime.
macro_rules! control_roundtrip {
    ($u:expr, $proto:ty, $option:expr) => {{
        let u: &mut Unstructured<'_> = $u;
        let name = <$proto as ControlProtocol>::NAME;
        let mut opts = Vec::new();
        for _ in 0..u.int_in_range(0..=8)? {
            opts.push($option(u)?);
        }
        let list = OptionList::Typed(&opts[..]);
        let d = bytes_upto(u, 64)?;
        let data = match u.int_in_range(0..=15u8)? {
            0 => ControlData::ConfigureRequest(list),
            1 => ControlData::ConfigureAck(list),
            2 => ControlData::ConfigureNak(list),
            3 => ControlData::ConfigureReject(list),
            4 => ControlData::TerminateRequest(d),
            5 => ControlData::TerminateAck(d),
            6 => ControlData::CodeReject(d),
            7 => ControlData::ProtocolReject {
                protocol: u.arbitrary()?,
                information: d,
            },
            8 => ControlData::EchoRequest {
                magic: u.arbitrary()?,
                data: d,
            },
            9 => ControlData::EchoReply {
                magic: u.arbitrary()?,
                data: d,
            },
            10 => ControlData::DiscardRequest {
                magic: u.arbitrary()?,
                data: d,
            },
            11 => ControlData::Identification {
                magic: u.arbitrary()?,
                message: d,
            },
            12 => ControlData::TimeRemaining {
                magic: u.arbitrary()?,
                seconds: u.arbitrary()?,
                message: d,
            },
            13 => ControlData::ResetRequest(d),
            14 => ControlData::ResetAck(d),
            _ => ControlData::Unknown {
                code: u.arbitrary()?,
                data: d,
            },
        };
        let repr = ControlRepr::<$proto> {
            identifier: u.arbitrary()?,
            data,
        };
        format_both("an arbitrary control repr", &repr);
        let code = repr.code();
        let typed = !matches!(data, ControlData::Unknown { .. });
        let uses = <$proto as ControlProtocol>::uses_code(code)
            && !matches!(code, ControlCode::Unknown(_));
        // Every option must be writable on its own for the packet to be.
        let options_ok = data.options().is_none()
            || opts.iter().all(|o| {
                let mut scratch = [0u8; 512];
                o.emit(&mut Writer::new(Protocol::Tlv, &mut scratch))
                    .is_ok()
            });
        let len = repr.buffer_len();
        let mut buf = vec![0xa5u8; len + 3];
        let result = repr.emit(&mut buf);
        if typed != uses || !options_ok {
            assert!(result.is_err(), "{name} emit must refuse {repr:?}");
            return Ok(());
        }
        let n = result.unwrap_or_else(|e| panic!("{name} emit of {repr:?} failed: {e}"));
        assert_eq!(n, len, "emit length is buffer_len");
        assert!(
            buf[n..].iter().all(|&b| b == 0xa5),
            "emit wrote past the packet"
        );
        assert!(
            repr.emit(&mut buf[..len - 1]).is_err(),
            "emit into a short buffer"
        );
        let p = ControlPacket::<&[u8], $proto>::parse(&buf[..n])
            .unwrap_or_else(|e| panic!("parse of emitted {name} {repr:?} failed: {e}"));
        format_both("an emitted control packet", &p);
        let back = ControlRepr::<$proto>::parse(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, repr, "{name} parse(emit(r)) != r");
        assert_eq!(repr, back, "{name} r != parse(emit(r))");
        Ok(())
    }};
}

/// Builder target for the PPP control protocols, selected by the first byte: an arbitrary
/// LCP, IPCP, IPV6CP or CCP repr with typed options (raw variants included), emitted, parsed
/// back, compared; or a PPP frame header (every ACFC/PFC form) followed by an information
/// field.
pub fn ppp_control_roundtrip(data: &[u8]) {
    let _ = ppp_control_roundtrip_inner(&mut Unstructured::new(data));
}

fn ppp_control_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    match u.int_in_range(0..=4u8)? {
        0 => control_roundtrip!(u, Lcp, lcp_option),
        1 => control_roundtrip!(u, Ipcp, ipcp_option),
        2 => control_roundtrip!(u, Ipv6cp, ipv6cp_option),
        3 => control_roundtrip!(u, Ccp, ccp_option),
        _ => ppp_header_roundtrip(u),
    }
}

fn ppp_header_roundtrip(u: &mut Unstructured<'_>) -> Result<()> {
    let repr: PppRepr = u.arbitrary()?;
    let info = bytes_upto(u, 8)?;
    format_both("an arbitrary PPP repr", &repr);
    let mut buf = [0u8; 16];
    let n = match repr.emit(&mut buf) {
        Ok(n) => n,
        Err(e) => {
            assert!(
                !repr.protocol.is_well_formed(),
                "PPP emit of {repr:?} failed: {e}"
            );
            return Ok(());
        }
    };
    assert!(
        repr.protocol.is_well_formed(),
        "PPP emit took an ill-formed protocol: {repr:?}"
    );
    assert_eq!(n, repr.buffer_len(), "emit length");
    buf[n..n + info.len()].copy_from_slice(info);
    let f = PppFrame::parse(&buf[..n + info.len()]).unwrap_or_else(|e| {
        panic!(
            "parse of the emitted PPP header {:02x?} ({repr:?}) failed: {e}",
            &buf[..n]
        )
    });
    let want = PppRepr {
        compress_protocol: repr.sends_compressed_protocol(),
        ..repr
    };
    assert_eq!(
        PppRepr::parse(&f).ok(),
        Some(want),
        "PPP parse(emit(r)) != r for {:02x?} followed by {info:02x?}",
        &buf[..n]
    );
    assert_eq!(f.payload(), info, "PPP information field");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// PAP, CHAP, PPPoE

fn pppoe_tag<'a>(u: &mut Unstructured<'a>) -> Result<PppoeTag<'a>> {
    Ok(match u.int_in_range(0..=13u8)? {
        0 => PppoeTag::EndOfList,
        1 => PppoeTag::ServiceName(bytes_upto(u, 16)?),
        2 => PppoeTag::AcName(bytes_upto(u, 16)?),
        3 => PppoeTag::HostUniq(bytes_upto(u, 16)?),
        4 => PppoeTag::AcCookie(bytes_upto(u, 16)?),
        5 => PppoeTag::VendorSpecific {
            vendor_id: u.arbitrary()?,
            data: bytes_upto(u, 16)?,
        },
        6 => PppoeTag::RelaySessionId(bytes_upto(u, 16)?),
        7 => PppoeTag::PppMaxPayload(u.arbitrary()?),
        8 => PppoeTag::ServiceNameError(bytes_upto(u, 16)?),
        9 => PppoeTag::AcSystemError(bytes_upto(u, 16)?),
        10 => PppoeTag::GenericError(bytes_upto(u, 16)?),
        11 => {
            // "A tag type not typed here": a kind of the registry would come back typed.
            let kind: u16 = u.arbitrary()?;
            let kind = match PppoeTagType::from_value(kind) {
                PppoeTagType::Unknown(_) => kind,
                _ => 0x0999,
            };
            PppoeTag::Unknown {
                kind,
                data: bytes_upto(u, 16)?,
            }
        }
        // "A tag of a known type whose length is wrong for it": the three that have one.
        12 => match u.int_in_range(0..=2u8)? {
            0 => PppoeTag::Malformed {
                kind: 0,
                data: match bytes_upto(u, 8)? {
                    [] => &[0],
                    d => d,
                },
            },
            1 => PppoeTag::Malformed {
                kind: 0x0120,
                data: match bytes_upto(u, 8)? {
                    d if d.len() == 2 => &d[..1],
                    d => d,
                },
            },
            _ => PppoeTag::Malformed {
                kind: 0x0105,
                data: bytes_upto(u, 3)?,
            },
        },
        _ => PppoeTag::HostUniq(bytes_upto(u, 300)?),
    })
}

/// Builder target for PAP, CHAP and PPPoE, selected by the first byte: an arbitrary repr of
/// any code (PPPoE: discovery with typed tags, or a session header around a payload),
/// emitted, parsed back, compared. Fields over their length byte and `Unknown` data under a
/// typed code must be refused.
pub fn pap_chap_pppoe_roundtrip(data: &[u8]) {
    let _ = pap_chap_pppoe_roundtrip_inner(&mut Unstructured::new(data));
}

fn pap_chap_pppoe_roundtrip_inner(u: &mut Unstructured<'_>) -> Result<()> {
    match u.int_in_range(0..=2u8)? {
        0 => pap_roundtrip(u),
        1 => chap_roundtrip(u),
        _ => pppoe_roundtrip(u),
    }
}

fn pap_roundtrip(u: &mut Unstructured<'_>) -> Result<()> {
    let field = |u: &mut Unstructured<'_>| -> Result<usize> {
        Ok(if u.ratio(1, 16)? {
            u.int_in_range(250..=300)?
        } else {
            u.int_in_range(0..=32)?
        })
    };
    let (a, b) = (field(u)?, field(u)?);
    let (x, y) = (u.bytes(a.min(u.len()))?, u.bytes(b.min(u.len()))?);
    let message = match u.int_in_range(0..=3u8)? {
        0 => PapMessage::AuthenticateRequest {
            peer_id: x,
            password: y,
        },
        1 => PapMessage::AuthenticateAck { message: x },
        2 => PapMessage::AuthenticateNak { message: x },
        _ => PapMessage::Unknown {
            code: u.arbitrary()?,
            data: x,
        },
    };
    let repr = PapRepr {
        identifier: u.arbitrary()?,
        message,
    };
    format_both("an arbitrary PAP repr", &repr);
    let fits = match message {
        PapMessage::AuthenticateRequest { peer_id, password } => {
            peer_id.len() <= 255 && password.len() <= 255
        }
        PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
            message.len() <= 255
        }
        PapMessage::Unknown { code, .. } => {
            matches!(PapCode::from_value(code), PapCode::Unknown(_))
        }
    };
    let len = repr.buffer_len();
    let mut buf = vec![0xa5u8; len + 3];
    let result = repr.emit(&mut buf);
    if !fits {
        assert!(result.is_err(), "PAP emit must refuse {repr:?}");
        return Ok(());
    }
    let n = result.unwrap_or_else(|e| panic!("PAP emit of {repr:?} failed: {e}"));
    assert_eq!(n, len, "emit length");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the packet"
    );
    let p = PapPacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted PAP: {e}"));
    assert_eq!(
        PapRepr::parse(&p).ok(),
        Some(repr),
        "PAP parse(emit(r)) != r"
    );
    assert!(
        repr.emit(&mut buf[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    Ok(())
}

fn chap_roundtrip(u: &mut Unstructured<'_>) -> Result<()> {
    let vlen = if u.ratio(1, 16)? {
        u.int_in_range(250..=300)?
    } else if u.ratio(1, 4)? {
        49
    } else {
        u.int_in_range(0..=32)?
    };
    let value = u.bytes(vlen.min(u.len()))?;
    let name = bytes_upto(u, 32)?;
    let message = match u.int_in_range(0..=4u8)? {
        0 => ChapMessage::Challenge { value, name },
        1 => ChapMessage::Response { value, name },
        2 => ChapMessage::Success { message: name },
        3 => ChapMessage::Failure { message: name },
        _ => ChapMessage::Unknown {
            code: u.arbitrary()?,
            data: name,
        },
    };
    let repr = ChapRepr {
        identifier: u.arbitrary()?,
        message,
    };
    format_both("an arbitrary CHAP repr", &repr);
    let fits = match message {
        ChapMessage::Challenge { value, .. } | ChapMessage::Response { value, .. } => {
            value.len() <= 255
        }
        ChapMessage::Unknown { code, .. } => {
            matches!(ChapCode::from_value(code), ChapCode::Unknown(_))
        }
        _ => true,
    };
    let len = repr.buffer_len();
    let mut buf = vec![0xa5u8; len + 3];
    let result = repr.emit(&mut buf);
    if !fits {
        assert!(result.is_err(), "CHAP emit must refuse {repr:?}");
        return Ok(());
    }
    let n = result.unwrap_or_else(|e| panic!("CHAP emit of {repr:?} failed: {e}"));
    assert_eq!(n, len, "emit length");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the packet"
    );
    let p = ChapPacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted CHAP: {e}"));
    assert_eq!(
        ChapRepr::parse(&p).ok(),
        Some(repr),
        "CHAP parse(emit(r)) != r"
    );
    assert_eq!(
        p.message().ms_chap_v2_response().is_some(),
        matches!(message, ChapMessage::Response { value, .. } if value.len() == 49),
        "MS-CHAPv2 layout"
    );
    assert!(
        repr.emit(&mut buf[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    Ok(())
}

fn pppoe_roundtrip(u: &mut Unstructured<'_>) -> Result<()> {
    let session_id: u16 = u.arbitrary()?;
    if u.ratio(1, 4)? {
        let payload = bytes_upto(u, 64)?;
        let repr = PppoeRepr::Session {
            session_id,
            payload_len: payload.len() as u16,
        };
        format_both("an arbitrary PPPoE repr", &repr);
        let mut buf = vec![0xa5u8; repr.buffer_len() + 3];
        let n = repr
            .emit_session(&mut buf, |b| {
                b.copy_from_slice(payload);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("PPPoE emit_session of {repr:?} failed: {e}"));
        assert_eq!(n, 6 + payload.len(), "emit_session length");
        let p =
            PppoePacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted PPPoE: {e}"));
        assert_eq!(
            PppoeRepr::parse(&p).ok(),
            Some(repr),
            "PPPoE parse(emit(r)) != r"
        );
        assert_eq!(p.payload(), payload, "session payload");
        return Ok(());
    }
    let mut tags = Vec::new();
    for _ in 0..u.int_in_range(0..=8)? {
        tags.push(pppoe_tag(u)?);
    }
    let code = PppoeCode::from_value(u.arbitrary()?);
    let repr = PppoeRepr::Discovery {
        code,
        session_id,
        tags: TagList::Typed(&tags),
    };
    format_both("an arbitrary PPPoE repr", &repr);
    let len = repr.buffer_len();
    let mut buf = vec![0xa5u8; len + 3];
    let result = repr.emit(&mut buf);
    if code == PppoeCode::Session {
        assert!(
            result.is_err(),
            "PPPoE emit must refuse a discovery repr of code 0"
        );
        return Ok(());
    }
    let n = result.unwrap_or_else(|e| panic!("PPPoE emit of {repr:?} failed: {e}"));
    assert_eq!(n, len, "emit length");
    assert!(
        buf[n..].iter().all(|&b| b == 0xa5),
        "emit wrote past the packet"
    );
    assert!(
        repr.emit(&mut buf[..len - 1]).is_err(),
        "emit into a short buffer"
    );
    let p = PppoePacket::parse(&buf[..n]).unwrap_or_else(|e| panic!("parse of emitted PPPoE: {e}"));
    let walked: Vec<_> = p
        .tags()
        .collect::<codec_core::Result<_>>()
        .unwrap_or_else(|e| panic!("emitted tags do not walk: {e}"));
    assert_eq!(
        walked, tags,
        "PPPoE tags do not walk back to what was emitted"
    );
    assert_eq!(
        PppoeRepr::parse(&p).ok(),
        Some(repr),
        "PPPoE parse(emit(r)) != r"
    );
    Ok(())
}
