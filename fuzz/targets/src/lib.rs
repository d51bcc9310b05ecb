//! # codec-fuzz-targets
//!
//! The bodies of the codec family's fuzz targets, as plain functions over `&[u8]`.
//!
//! Two programs call them:
//! - `fuzz/fuzz_targets/<name>.rs`, the cargo-fuzz binaries (`cargo +nightly fuzz run <name>`
//!   from `fuzz/`), which hand them libFuzzer's inputs;
//! - `tests/replay.rs`, which runs every function of [`TARGETS`] over the committed corpus
//!   (`fuzz/corpus/<name>/`) and every crash ever found (`fuzz/regressions/<name>/`) under a
//!   plain `cargo test` on stable.
//!
//! There are two kinds of target:
//! - **decoders** ([`ethernet`], [`arp`], and for the inet and PPP codecs [`ipv4`], [`ipv6`],
//!   [`icmp`], [`icmpv6`], [`tcp`], [`udp`], [`gre`], [`ppp`], [`lcp`], [`ipcp`], [`ipv6cp`],
//!   [`ccp`], [`pap`], [`chap`], [`pppoe`]) take arbitrary bytes. Parsing must never panic,
//!   hang or allocate without bound; every accessor of a view that parsed must work, option
//!   and tag walks must end; and what parsed must come back byte for byte when its repr is
//!   emitted again (`emit(parse(b)) == b`), as far as each codec promises it (the checksum
//!   a repr recomputes, the bytes PAP does not keep...: each target's docs say). A decoder
//!   hands its payload to the next layer's body, as a dissector would, a few layers deep.
//!   [`dhcp`] decodes a DHCP message with every option joined (RFC 3396) and typed.
//! - **builders** ([`dhcp_roundtrip`], [`ethernet_roundtrip`], [`arp_roundtrip`], [`ipv4_roundtrip`],
//!   [`ipv6_roundtrip`], [`tcp_roundtrip`], [`udp_roundtrip`], [`ppp_control_roundtrip`],
//!   [`pap_chap_pppoe_roundtrip`]) turn the bytes into a repr with [`arbitrary`], emit it,
//!   parse the result and require the same repr back (`parse(emit(r)) == r`); a repr that
//!   has no encoding must be refused by `emit`.
//!
//! The OSCAR targets ([`aim_flap_deframe`], [`aim_snac_tlv`], [`aim_icbm_rendezvous`],
//! [`aim_oft`], [`aim_proxy`], [`aim_roundtrip`]) are in the module `aim`.
//! - **streams** ([`telnet_stream`], [`ftp_stream`], [`msnp_stream`]) feed a push decoder
//!   the input in one chunk and cut at one, two and three points (and a byte at a time):
//!   the events must not depend on the chunking; and their builders' round trips
//!   ([`telnet_roundtrip`], [`ftp_roundtrip`], [`msnp_roundtrip`]).
//!
//! A broken law panics with a message naming it: that is what makes libFuzzer report the
//! input as a crash.
#![forbid(unsafe_code)]
// A fuzz target reports a broken law by panicking, and indexes the fuzzer's own input at
// offsets the codec just vouched for: the lints that keep library code panic-free would
// only hide the failures this crate exists to find.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use arbitrary::Unstructured;
use codec_link::arp::{ArpEthernetIpv4, ArpHardware, ArpOperation, ArpPacket, ArpRepr};
use codec_link::ethernet::{
    EtherType, EthernetFrame, EthernetRepr, HEADER_LEN as ETHERNET_HEADER_LEN, MIN_FRAME_LEN,
    MacAddr, VLAN_TAG_LEN, VlanTag,
};
use core::fmt;
use std::net::Ipv4Addr;

mod aim;
mod dhcp;
mod dissector;
mod dns;
mod inet;
mod line;
mod ppp;
mod roundtrip;
mod stateful;

pub use aim::{
    aim_flap_deframe, aim_icbm_rendezvous, aim_oft, aim_proxy, aim_roundtrip, aim_snac_tlv,
};
pub use dhcp::{dhcp, dhcp_roundtrip};
pub use dissector::dissect_frame;
pub use dns::{dns, dns_differential, dns_roundtrip, dns_tcp};
pub use inet::{gre, icmp, icmpv6, ipv4, ipv6, tcp, udp};
pub use line::{
    ftp_roundtrip, ftp_stream, msnp_roundtrip, msnp_stream, telnet_roundtrip, telnet_stream,
};
pub use ppp::{ccp, chap, ipcp, ipv6cp, lcp, pap, ppp, pppoe};
pub use roundtrip::{
    ipv4_roundtrip, ipv6_roundtrip, pap_chap_pppoe_roundtrip, ppp_control_roundtrip, tcp_roundtrip,
    udp_roundtrip,
};
pub use stateful::{hdlc_deframe, vj_decompress, vj_roundtrip};

/// A fuzz target body: takes any bytes, panics only when a law of the codecs is broken.
pub type Target = fn(&[u8]);

/// Every fuzz target by name: the name of its cargo-fuzz binary and of its corpus and
/// regressions folders.
pub const TARGETS: &[(&str, Target)] = &[
    ("ethernet", ethernet),
    ("dissect_frame", dissect_frame),
    ("dns", dns),
    ("dns_tcp", dns_tcp),
    ("dns_roundtrip", dns_roundtrip),
    ("dns_differential", dns_differential),
    ("arp", arp),
    ("ethernet_roundtrip", ethernet_roundtrip),
    ("arp_roundtrip", arp_roundtrip),
    ("ipv4", ipv4),
    ("ipv6", ipv6),
    ("icmp", icmp),
    ("icmpv6", icmpv6),
    ("tcp", tcp),
    ("udp", udp),
    ("gre", gre),
    ("ppp", ppp),
    ("lcp", lcp),
    ("ipcp", ipcp),
    ("ipv6cp", ipv6cp),
    ("ccp", ccp),
    ("pap", pap),
    ("chap", chap),
    ("pppoe", pppoe),
    ("ipv4_roundtrip", ipv4_roundtrip),
    ("ipv6_roundtrip", ipv6_roundtrip),
    ("tcp_roundtrip", tcp_roundtrip),
    ("udp_roundtrip", udp_roundtrip),
    ("ppp_control_roundtrip", ppp_control_roundtrip),
    ("pap_chap_pppoe_roundtrip", pap_chap_pppoe_roundtrip),
    ("vj_decompress", vj_decompress),
    ("vj_roundtrip", vj_roundtrip),
    ("telnet_stream", telnet_stream),
    ("ftp_stream", ftp_stream),
    ("msnp_stream", msnp_stream),
    ("telnet_roundtrip", telnet_roundtrip),
    ("ftp_roundtrip", ftp_roundtrip),
    ("msnp_roundtrip", msnp_roundtrip),
    ("hdlc_deframe", hdlc_deframe),
    ("aim_flap_deframe", aim_flap_deframe),
    ("aim_snac_tlv", aim_snac_tlv),
    ("aim_icbm_rendezvous", aim_icbm_rendezvous),
    ("aim_oft", aim_oft),
    ("aim_proxy", aim_proxy),
    ("aim_roundtrip", aim_roundtrip),
    ("dhcp", dhcp),
    ("dhcp_roundtrip", dhcp_roundtrip),
];

/// How many layers deep a decoder hands payloads on (IPv4 in GRE in IPv4 in PPP...): each
/// layer checks its bytes again, so the work grows with the depth.
const MAX_DEPTH: u8 = 4;

/// Longest payload [`ethernet_roundtrip`] builds (a jumbo-ish frame; the codec has no
/// limit of its own).
const MAX_ROUNDTRIP_PAYLOAD: usize = 2048;

/// Most VLAN tags [`ethernet_roundtrip`] stacks.
const MAX_ROUNDTRIP_TAGS: usize = 8;

/// A [`fmt::Write`] that keeps nothing and never fails, so a `Display` or `Debug` that
/// returns an error is the formatter's own fault.
struct Sink(usize);

impl fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Formats `value` with both `Display` and `Debug`; returns the `Display` length.
pub(crate) fn format_both<T: fmt::Display + fmt::Debug + ?Sized>(what: &str, value: &T) -> usize {
    let mut sink = Sink(0);
    if fmt::write(&mut sink, format_args!("{value}")).is_err() {
        panic!("Display of {what} failed on an infallible sink");
    }
    let shown = sink.0;
    if fmt::write(&mut sink, format_args!("{value:?}")).is_err() {
        panic!("Debug of {what} failed on an infallible sink");
    }
    shown
}

/// Formats `value` with `Debug` only.
pub(crate) fn format_debug<T: fmt::Debug + ?Sized>(what: &str, value: &T) {
    if fmt::write(&mut Sink(0), format_args!("{value:?}")).is_err() {
        panic!("Debug of {what} failed on an infallible sink");
    }
}

/// Requires `a == b` except at the byte positions of `mask` (a checksum the emitter
/// recomputes); `what` names the law.
pub(crate) fn masked_eq(a: &[u8], b: &[u8], mask: &[usize], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: lengths differ");
    if let Some(i) = (0..a.len()).find(|i| !mask.contains(i) && a[*i] != b[*i]) {
        panic!(
            "{what}: byte {i} is {:#04x}, not {:#04x}\n  emitted {a:02x?}\n  input   {b:02x?}",
            a[i], b[i]
        );
    }
}

/// Decoder target for Ethernet II frames with any number of VLAN tags.
///
/// Parses `data` as an [`EthernetFrame`]; when it parses, touches every accessor, checks
/// the view against the bytes, formats it, and requires `EthernetRepr::emit` to give the
/// header bytes back exactly, and `emit_frame` the whole frame (zero-padded to 60 bytes).
/// Frames carrying ARP hand their payload to [`arp`].
pub fn ethernet(data: &[u8]) {
    let frame = match EthernetFrame::parse(data) {
        Ok(frame) => frame,
        Err(e) => {
            format_both("an Ethernet parse error", &e);
            return;
        }
    };

    // Every accessor, and what each must agree with.
    let (dst, src) = (frame.dst(), frame.src());
    for mac in [dst, src] {
        format_both("a MAC address", &mac);
        let _ = (
            mac.octets(),
            mac.is_broadcast(),
            mac.is_local(),
            MacAddr::from_bytes(&mac.octets()),
        );
        assert_eq!(
            mac.is_unicast(),
            !mac.is_multicast(),
            "unicast == !multicast"
        );
    }
    assert_eq!(dst.octets(), data[0..6], "dst() is bytes 0..6");
    assert_eq!(src.octets(), data[6..12], "src() is bytes 6..12");

    let tags = frame.vlan_tags();
    for (i, tag) in tags.iter().enumerate() {
        let at = 12 + i * VLAN_TAG_LEN;
        assert!(
            tag.tpid().is_vlan_tpid(),
            "tag {i} has a TPID that is not a VLAN TPID: {tag:?}"
        );
        assert_eq!(
            tag.tpid().value().to_be_bytes(),
            data[at..at + 2],
            "tag {i} TPID"
        );
        assert_eq!(tag.tci().to_be_bytes(), data[at + 2..at + 4], "tag {i} TCI");
        assert!(
            tag.pcp() <= 7 && tag.vid() <= 0x0fff,
            "tag {i} field ranges"
        );
        let rebuilt = VlanTag::new(tag.tpid(), tag.pcp(), tag.dei(), tag.vid());
        assert_eq!(rebuilt, *tag, "VlanTag::new(tag's own fields) == tag");
        assert_eq!(
            tag.is_service_tag(),
            tag.tpid() == EtherType::QinQ,
            "is_service_tag() is TPID 0x88a8"
        );
        format_both("a VLAN tag", tag);
    }

    let ethertype = frame.ethertype();
    assert!(
        !ethertype.is_vlan_tpid(),
        "the EtherType after the tags is a TPID: {ethertype:?}"
    );
    let _ = (ethertype.is_length(), ethertype.name());
    format_both("an EtherType", &ethertype);
    let outer = frame.outer_ethertype();
    match tags.first() {
        Some(first) => assert_eq!(outer, first.tpid(), "outer EtherType is the first TPID"),
        None => assert_eq!(
            outer, ethertype,
            "untagged: outer EtherType is the EtherType"
        ),
    }
    assert_eq!(
        EtherType::from_value(u16::from_be_bytes([data[12], data[13]])),
        outer,
        "outer EtherType is bytes 12..14"
    );

    let header_len = frame.header_len();
    assert_eq!(
        header_len,
        ETHERNET_HEADER_LEN + tags.len() * VLAN_TAG_LEN,
        "header_len() is 14 + 4 per tag"
    );
    let payload = frame.payload();
    assert_eq!(
        header_len + payload.len(),
        data.len(),
        "header and payload cover the frame"
    );
    assert_eq!(
        payload,
        &data[header_len..],
        "payload() is what follows the header"
    );
    assert_eq!(
        ethertype.value().to_be_bytes(),
        data[header_len - 2..header_len],
        "EtherType is the two bytes before the payload"
    );
    format_both("an Ethernet frame", &frame);

    // emit(parse(b)) == b, over the header.
    let repr = EthernetRepr::parse(&frame).expect("every Ethernet frame that parses has a repr");
    format_both("an Ethernet repr", &repr);
    assert_eq!(
        repr.header_len(),
        header_len,
        "repr header_len == frame header_len"
    );
    assert_eq!(
        repr.buffer_len(payload.len()),
        data.len(),
        "repr buffer_len(payload) == frame length"
    );
    let mut header = std::vec![0u8; header_len];
    let written = repr
        .emit(&mut header)
        .unwrap_or_else(|e| panic!("emit of a parsed Ethernet repr failed: {e}"));
    assert_eq!(written, header_len, "emit wrote header_len bytes");
    assert_eq!(
        header,
        data[..header_len],
        "emit(parse(b)) != b over the Ethernet header"
    );
    assert!(
        repr.emit(&mut header[..header_len - 1]).is_err(),
        "emit into a buffer one byte short must fail"
    );

    // emit_frame(parse(b)) == b padded to the minimum frame length.
    let total = data.len().max(MIN_FRAME_LEN);
    let mut whole = std::vec![0xa5u8; total];
    let written = repr
        .emit_frame(&mut whole, payload.len(), |out| {
            out.copy_from_slice(payload);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("emit_frame of a parsed Ethernet repr failed: {e}"));
    assert_eq!(
        written, total,
        "emit_frame length is the frame length, padded"
    );
    assert_eq!(whole[..data.len()], *data, "emit_frame(parse(b)) != b");
    assert!(
        whole[data.len()..].iter().all(|&b| b == 0),
        "emit_frame pads with zeros"
    );

    // The mutable view: writing back what was read changes nothing.
    let mut copy = data.to_vec();
    {
        let mut view = EthernetFrame::parse(&mut copy[..])
            .unwrap_or_else(|e| panic!("the mutable view refused what the shared one took: {e}"));
        view.set_dst(dst);
        view.set_src(src);
        view.set_ethertype(ethertype)
            .unwrap_or_else(|e| panic!("set_ethertype refused the parsed EtherType: {e}"));
        assert_eq!(view.vlan_tags_mut().len(), tags.len(), "mutable tag count");
        assert_eq!(
            view.payload_mut().len(),
            payload.len(),
            "mutable payload length"
        );
        assert!(
            view.set_ethertype(EtherType::Vlan).is_err(),
            "set_ethertype must refuse a TPID"
        );
        format_debug("a mutable Ethernet frame", &view);
        assert_eq!(
            view.into_payload().len(),
            payload.len(),
            "into_payload length"
        );
    }
    assert_eq!(copy, data, "rewriting the parsed fields changed the frame");

    if ethertype == EtherType::Arp {
        arp(payload);
    }
}

/// Decoder target for ARP packets, generic and Ethernet/IPv4.
///
/// Parses `data` with both [`ArpEthernetIpv4::parse`] and [`ArpPacket::parse`], requires
/// them to agree, touches every accessor, and requires `ArpRepr::emit` to give back the
/// packet bytes (`data[..packet_len]`) exactly and `ArpRepr::parse` of those to give the
/// same repr.
pub fn arp(data: &[u8]) {
    let typed = ArpEthernetIpv4::parse(data);
    match &typed {
        Ok((arp, rest)) => {
            let _ = (
                arp.operation(),
                arp.source_protocol_addr(),
                arp.target_protocol_addr(),
            );
            format_debug("a typed ARP packet", &**arp);
            assert_eq!(
                rest.len() + codec_link::arp::ETHERNET_IPV4_LEN,
                data.len(),
                "typed ARP: packet and rest cover the input"
            );
        }
        Err(e) => {
            format_both("a typed ARP parse error", e);
        }
    }

    let packet = match ArpPacket::parse(data) {
        Ok(packet) => packet,
        Err(e) => {
            format_both("an ARP parse error", &e);
            assert!(
                typed.is_err(),
                "ArpEthernetIpv4::parse took what ArpPacket::parse refused: {e}"
            );
            return;
        }
    };

    // Every accessor, and what each must agree with.
    let (hlen, plen) = (
        usize::from(packet.hardware_len()),
        usize::from(packet.protocol_len()),
    );
    let (sha, spa, tha, tpa) = (
        packet.source_hardware_addr(),
        packet.source_protocol_addr(),
        packet.target_hardware_addr(),
        packet.target_protocol_addr(),
    );
    assert_eq!(
        (sha.len(), tha.len()),
        (hlen, hlen),
        "hardware address lengths"
    );
    assert_eq!(
        (spa.len(), tpa.len()),
        (plen, plen),
        "protocol address lengths"
    );
    let packet_len = packet.packet_len();
    assert_eq!(
        packet_len,
        codec_link::arp::HEADER_LEN + 2 * (hlen + plen),
        "packet_len() is 8 + 2 (hlen + plen)"
    );
    assert_eq!(
        packet_len + packet.trailer().len(),
        data.len(),
        "packet and trailer cover the input"
    );
    assert_eq!(
        packet.trailer(),
        &data[packet_len..],
        "trailer() is what follows"
    );
    let mut reassembled = data[..codec_link::arp::HEADER_LEN].to_vec();
    for part in [sha, spa, tha, tpa] {
        reassembled.extend_from_slice(part);
    }
    assert_eq!(
        reassembled,
        data[..packet_len],
        "the addresses are laid out in order"
    );
    let (hardware, protocol, operation) = (
        packet.hardware_type(),
        packet.protocol_type(),
        packet.operation(),
    );
    format_both("an ARP hardware type", &hardware);
    format_both("an ARP protocol type", &protocol);
    format_both("an ARP operation", &operation);
    let (smac, tmac) = (packet.source_mac(), packet.target_mac());
    let (sip, tip) = (packet.source_ipv4(), packet.target_ipv4());
    assert_eq!(
        smac.is_some() && tmac.is_some(),
        packet.has_mac_addresses(),
        "MACs exactly when has_mac_addresses()"
    );
    assert_eq!(
        sip.is_some() && tip.is_some(),
        packet.has_ipv4_addresses(),
        "IPv4 addresses exactly when has_ipv4_addresses()"
    );
    if let (Some(smac), Some(tmac)) = (smac, tmac) {
        assert_eq!(
            (&smac.0[..], &tmac.0[..]),
            (sha, tha),
            "MACs are the address bytes"
        );
    }
    if let (Some(sip), Some(tip)) = (sip, tip) {
        assert_eq!(
            (&sip.octets()[..], &tip.octets()[..]),
            (spa, tpa),
            "IPv4 addresses are the address bytes"
        );
    }
    format_both("an ARP packet", &packet);

    // The two views agree.
    let repr = ArpRepr::parse(&packet).expect("every ARP packet that parses has a repr");
    format_both("an ARP repr", &repr);
    assert_eq!(repr.operation(), operation, "repr operation");
    match (&typed, &repr) {
        (
            Ok((arp, _)),
            ArpRepr::EthernetIpv4 {
                operation,
                source_hardware_addr,
                source_protocol_addr,
                target_hardware_addr,
                target_protocol_addr,
            },
        ) => {
            assert_eq!(arp.operation(), *operation, "typed and repr operation");
            assert_eq!(arp.sha, *source_hardware_addr, "typed and repr sha");
            assert_eq!(
                arp.source_protocol_addr(),
                *source_protocol_addr,
                "typed and repr spa"
            );
            assert_eq!(arp.tha, *target_hardware_addr, "typed and repr tha");
            assert_eq!(
                arp.target_protocol_addr(),
                *target_protocol_addr,
                "typed and repr tpa"
            );
        }
        (Err(_), ArpRepr::Generic { .. }) => {}
        (typed, repr) => panic!(
            "ArpEthernetIpv4::parse ({}) and ArpRepr::parse ({repr:?}) disagree on the form",
            if typed.is_ok() { "ok" } else { "refused" }
        ),
    }

    // emit(parse(b)) == b, over the packet.
    assert_eq!(
        repr.buffer_len(),
        packet_len,
        "repr buffer_len == packet_len"
    );
    let mut out = std::vec![0u8; packet_len];
    let written = repr
        .emit(&mut out)
        .unwrap_or_else(|e| panic!("emit of a parsed ARP repr failed: {e}"));
    assert_eq!(written, packet_len, "emit wrote packet_len bytes");
    assert_eq!(
        out,
        data[..packet_len],
        "emit(parse(b)) != b over the ARP packet"
    );
    assert!(
        repr.emit(&mut out[..packet_len - 1]).is_err(),
        "emit into a buffer one byte short must fail"
    );

    // The mutable view: writing back what was read changes nothing.
    let mut copy = data.to_vec();
    {
        let mut view = ArpPacket::parse(&mut copy[..])
            .unwrap_or_else(|e| panic!("the mutable view refused what the shared one took: {e}"));
        view.set_operation(operation);
        view.source_hardware_addr_mut().copy_from_slice(sha);
        view.source_protocol_addr_mut().copy_from_slice(spa);
        view.target_hardware_addr_mut().copy_from_slice(tha);
        view.target_protocol_addr_mut().copy_from_slice(tpa);
    }
    assert_eq!(copy, data, "rewriting the parsed fields changed the packet");
}

/// Builder target for Ethernet: an arbitrary header (addresses, 0 to 8 VLAN tags, a
/// non-TPID EtherType) and payload length, emitted with `emit_frame`, parsed back, compared.
pub fn ethernet_roundtrip(data: &[u8]) {
    // Running out of input is not a failure: libFuzzer grows inputs as it needs.
    let _ = ethernet_roundtrip_inner(&mut Unstructured::new(data));
}

fn ethernet_roundtrip_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let dst: MacAddr = u.arbitrary()?;
    let src: MacAddr = u.arbitrary()?;
    let tag_count = u.int_in_range(0..=MAX_ROUNDTRIP_TAGS)?;
    let mut tags = Vec::with_capacity(tag_count);
    for _ in 0..tag_count {
        tags.push(u.arbitrary::<VlanTag>()?);
    }
    let ethertype: EtherType = u.arbitrary()?;
    if ethertype.is_vlan_tpid() {
        // Such a header has no encoding (emit refuses it); nothing to round-trip.
        return Ok(());
    }
    let payload_len = u.int_in_range(0..=MAX_ROUNDTRIP_PAYLOAD)?;
    let mut payload = u.bytes(payload_len.min(u.len()))?.to_vec();
    let fill: u8 = u.arbitrary()?;
    payload.resize(payload_len, fill);

    let repr = EthernetRepr {
        dst,
        src,
        vlan_tags: &tags,
        ethertype,
    };
    format_both("an arbitrary Ethernet repr", &repr);
    let total = repr.buffer_len(payload_len).max(MIN_FRAME_LEN);
    let mut buf = std::vec![0xa5u8; total + 3];
    assert!(
        repr.emit_frame(&mut buf[..total - 1], payload_len, |_| Ok(()))
            .is_err(),
        "emit_frame into a buffer one byte short must fail"
    );
    let written = repr
        .emit_frame(&mut buf, payload_len, |out| {
            out.copy_from_slice(&payload);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("emit_frame of {repr:?} failed: {e}"));
    assert_eq!(written, total, "emit_frame length");
    assert!(
        buf[total..].iter().all(|&b| b == 0xa5),
        "emit_frame wrote past the frame"
    );

    let frame = EthernetFrame::parse(&buf[..written])
        .unwrap_or_else(|e| panic!("parse of emitted {repr:?} failed: {e}"));
    let parsed =
        EthernetRepr::parse(&frame).unwrap_or_else(|e| panic!("repr of emitted frame: {e}"));
    assert_eq!(parsed, repr, "parse(emit(r)) != r");
    assert_eq!(frame.header_len(), repr.header_len(), "header length");
    let got = frame.payload();
    assert_eq!(got.len(), written - repr.header_len(), "payload length");
    assert_eq!(got[..payload_len], payload[..], "payload bytes");
    assert!(
        got[payload_len..].iter().all(|&b| b == 0),
        "padding is zeros"
    );
    Ok(())
}

/// Builder target for ARP: an arbitrary [`ArpRepr`] (Ethernet/IPv4 or generic), emitted,
/// parsed back, compared. Generic reprs whose addresses have inconsistent lengths, and the
/// Ethernet/IPv4 combination in generic form, must be refused by `emit`.
pub fn arp_roundtrip(data: &[u8]) {
    // Running out of input is not a failure: libFuzzer grows inputs as it needs.
    let _ = arp_roundtrip_inner(&mut Unstructured::new(data));
}

fn arp_roundtrip_inner(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let mut storage: [Vec<u8>; 4] = Default::default();
    let repr = if u.arbitrary::<bool>()? {
        ArpRepr::EthernetIpv4 {
            operation: u.arbitrary()?,
            source_hardware_addr: u.arbitrary()?,
            source_protocol_addr: Ipv4Addr::from(u.arbitrary::<[u8; 4]>()?),
            target_hardware_addr: u.arbitrary()?,
            target_protocol_addr: Ipv4Addr::from(u.arbitrary::<[u8; 4]>()?),
        }
    } else {
        let hardware_type: ArpHardware = u.arbitrary()?;
        let protocol_type: EtherType = u.arbitrary()?;
        let operation: ArpOperation = u.arbitrary()?;
        let hlen = usize::from(u.arbitrary::<u8>()?);
        let plen = usize::from(u.arbitrary::<u8>()?);
        // Now and then a length that does not match its partner, or is over 255.
        let skew: u8 = u.arbitrary()?;
        let (tha_len, tpa_len) = match skew {
            0 => (hlen + 1, plen),
            1 => (hlen, plen.wrapping_sub(1) & 0x1ff),
            2 => (hlen + 256, plen),
            _ => (hlen, plen),
        };
        let (sha_len, spa_len) = match skew {
            2 => (hlen + 256, plen),
            _ => (hlen, plen),
        };
        for (buf, len) in storage.iter_mut().zip([sha_len, spa_len, tha_len, tpa_len]) {
            *buf = std::vec![0; len];
            u.fill_buffer(buf)?;
        }
        let [sha, spa, tha, tpa] = &storage;
        let repr = ArpRepr::Generic {
            hardware_type,
            protocol_type,
            operation,
            source_hardware_addr: sha,
            source_protocol_addr: spa,
            target_hardware_addr: tha,
            target_protocol_addr: tpa,
        };
        let consistent = sha.len() == tha.len()
            && spa.len() == tpa.len()
            && sha.len() <= 255
            && spa.len() <= 255;
        let typed_combination = hardware_type == ArpHardware::Ethernet
            && protocol_type == EtherType::Ipv4
            && sha.len() == 6
            && spa.len() == 4;
        if !consistent || typed_combination {
            let mut buf = std::vec![0u8; repr.buffer_len()];
            assert!(
                repr.emit(&mut buf).is_err(),
                "emit must refuse {repr:?} (inconsistent lengths or the Ethernet/IPv4 combination)"
            );
            return Ok(());
        }
        repr
    };
    format_both("an arbitrary ARP repr", &repr);

    let len = repr.buffer_len();
    let mut buf = std::vec![0xa5u8; len + 3];
    assert!(
        repr.emit(&mut buf[..len - 1]).is_err(),
        "emit into a buffer one byte short must fail"
    );
    let written = repr
        .emit(&mut buf)
        .unwrap_or_else(|e| panic!("emit of {repr:?} failed: {e}"));
    assert_eq!(written, len, "emit length is buffer_len()");
    assert!(
        buf[len..].iter().all(|&b| b == 0xa5),
        "emit wrote past buffer_len()"
    );
    let packet = ArpPacket::parse(&buf[..written])
        .unwrap_or_else(|e| panic!("parse of emitted {repr:?} failed: {e}"));
    assert_eq!(packet.packet_len(), len, "packet_len of the emitted packet");
    assert!(
        packet.trailer().is_empty(),
        "no trailer after an emitted packet"
    );
    let parsed = ArpRepr::parse(&packet).unwrap_or_else(|e| panic!("repr of emitted packet: {e}"));
    assert_eq!(parsed, repr, "parse(emit(r)) != r");
    assert_eq!(
        ArpEthernetIpv4::parse(&buf[..written]).is_ok(),
        matches!(repr, ArpRepr::EthernetIpv4 { .. }),
        "the typed view takes exactly the Ethernet/IPv4 form"
    );
    Ok(())
}
