//! The AIM vectors of `../shared/vectors` decode to the values `vectors/README.md` and
//! `oscar_constructed.txt` describe, and re-encode byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_aim::flap::{FlapChannel, FlapFrame, FlapRepr};
use codec_aim::icbm::{Capability, IcbmChannel, IcbmMessage, RendezvousTag, RendezvousType};
use codec_aim::oft::{OftFlags, OftPacket, OftRepr, OftType};
use codec_aim::proxy::{ProxyCommand, ProxyMessage, ProxyPacket, ProxyRepr};
use codec_aim::snac::{Family, SnacFlags, SnacPacket, SnacRepr};
use codec_aim::tlv::TlvValue;
use std::net::Ipv4Addr;

const CONSTRUCTED: &str = include_str!("../../../shared/vectors/oscar_constructed.txt");
const WINAIM: &[u8; 256] = include_bytes!("../../../shared/vectors/oft2_winaim_prompt_header.bin");

/// The four vectors: the proposal FLAP, INIT_SEND, INIT_RECV, ACK.
fn constructed() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for line in CONSTRUCTED.lines() {
        if !line.starts_with(' ') {
            out.push(Vec::new());
            continue;
        }
        let v = out.last_mut().unwrap();
        for hex in line.split_whitespace().skip(1) {
            v.push(u8::from_str_radix(hex, 16).unwrap());
        }
    }
    out
}

#[test]
fn the_constructed_proposal() {
    let v = constructed();
    assert_eq!(v.len(), 4);
    let wire = &v[0];
    assert_eq!(wire.len(), 138);
    let flap = FlapFrame::parse(&wire[..]).unwrap();
    assert_eq!(
        (flap.channel(), flap.sequence(), flap.payload_len()),
        (FlapChannel::Data, 0x1234, 132)
    );
    let snac = SnacPacket::parse(flap.payload()).unwrap();
    assert_eq!(
        (
            snac.family(),
            snac.subtype(),
            snac.flags(),
            snac.request_id()
        ),
        (Family::Icbm, 6, SnacFlags::empty(), 0x42)
    );
    let icbm = IcbmMessage::parse(snac.data()).unwrap();
    assert_eq!(&icbm.cookie, b"1234567\0");
    assert_eq!(icbm.channel, IcbmChannel::Rendezvous);
    assert_eq!(icbm.screen_name, b"buddy");
    let outer: Vec<(u16, usize)> = icbm.tlvs.iter().map(|t| (t.kind, t.value.len())).collect();
    assert_eq!(
        outer,
        [(3, 0), (5, 98)],
        "request host ack, then the rendezvous block"
    );
    let rv = icbm.rendezvous().unwrap().unwrap();
    assert_eq!(rv.kind(), RendezvousType::Propose);
    assert_eq!(rv.cookie(), icbm.cookie);
    assert_eq!(rv.capability(), Capability::SEND_FILE);
    let inner: Vec<RendezvousTag> = rv
        .tlvs()
        .iter()
        .map(|t| RendezvousTag::from_value(t.kind))
        .collect();
    assert_eq!(
        inner,
        [
            RendezvousTag::ProxyIp,
            RendezvousTag::ClientIp,
            RendezvousTag::Port,
            RendezvousTag::RequestNumber,
            RendezvousTag::RequestHostCheck,
            RendezvousTag::UseProxy,
            RendezvousTag::IpXor,
            RendezvousTag::PortXor,
            RendezvousTag::ServiceData,
        ]
    );
    let ip = Ipv4Addr::new(192, 168, 1, 10);
    assert_eq!((rv.proxy_ip(), rv.client_ip()), (Some(ip), Some(ip)));
    assert_eq!(rv.port(), Some(5190));
    assert_eq!(rv.request_number(), Some(1));
    assert!(rv.use_proxy());
    assert_eq!(rv.ip_xor(), Some(!u32::from(ip)));
    assert_eq!(rv.port_xor(), Some(!5190));
    assert_eq!(rv.xor_check(), Some(true));
    let file = rv.send_file().unwrap().unwrap();
    assert_eq!(
        (file.kind, file.file_count, file.total_size, file.name()),
        (1, 1, 12345, &b"hello.txt"[..])
    );
    assert_eq!(
        rv.tlvs().first(0x2711).map(|t| t.value.len()),
        Some(18),
        "service data"
    );
    assert_eq!(rv.tlvs().first(0x000a).and_then(|t| t.as_u16()), Some(1));

    // Re-encoded byte for byte, layer by layer.
    let mut data = [0u8; 122];
    assert_eq!(icbm.emit(&mut data).unwrap(), 122);
    let snac_repr = SnacRepr::parse(&snac).unwrap();
    let mut payload = [0u8; 132];
    snac_repr.emit(&mut payload).unwrap();
    assert_eq!(&payload[10..], &data[..]);
    let mut out = [0u8; 138];
    FlapRepr::parse(&flap).unwrap().emit(&mut out).unwrap();
    assert_eq!(&out[..], &wire[..]);
}

#[test]
fn the_constructed_proxy_packets() {
    let v = constructed();
    let expect = [
        (ProxyCommand::InitSend, 0x0000),
        (ProxyCommand::InitRecv, 0x0000),
        (ProxyCommand::Ack, 0x0220),
    ];
    for (bytes, (command, flags)) in v[1..].iter().zip(expect) {
        let p = ProxyPacket::parse(&bytes[..]).unwrap();
        assert_eq!(p.command(), command);
        assert_eq!(p.packet_len(), bytes.len());
        let r = ProxyRepr::parse(&p).unwrap();
        assert_eq!(r.flags, flags);
        match r.message {
            ProxyMessage::InitSend {
                screen_name,
                cookie,
                capability,
            } => assert_eq!(
                (screen_name, &cookie, capability),
                (&b"me"[..], b"1234567\0", Capability::SEND_FILE)
            ),
            ProxyMessage::InitRecv {
                screen_name,
                port,
                cookie,
                capability,
            } => assert_eq!(
                (screen_name, port, &cookie, capability),
                (&b"me"[..], 4321, b"1234567\0", Capability::SEND_FILE)
            ),
            ProxyMessage::Ack { port, ip } => {
                assert_eq!((port, ip), (4321, Ipv4Addr::new(205, 188, 1, 2)));
            }
            other => panic!("unexpected {other:?}"),
        }
        let mut out = vec![0u8; r.buffer_len()];
        r.emit(&mut out).unwrap();
        assert_eq!(&out, bytes);
    }
}

#[test]
fn the_winaim_oft2_header() {
    let p = OftPacket::parse(&WINAIM[..]).unwrap();
    let r = OftRepr::parse(&p).unwrap();
    assert_eq!(r.kind, OftType::Prompt);
    assert_eq!(r.cookie, [0x3a, 0x90, 0x54, 0x51, 0x7f, 0x94, 0xc7, 0xa9]);
    assert_eq!((r.encryption, r.compression), (0, 0));
    assert_eq!(
        (r.total_files, r.files_left, r.total_parts, r.parts_left),
        (1, 1, 1, 1)
    );
    assert_eq!((r.total_size, r.size), (332_555, 332_555));
    assert_eq!(r.mod_time, 0x43fb_e38e, "2006-02-22 04:07:42 UTC");
    assert_eq!(r.checksum, 0xe48d_0000);
    assert_eq!(r.rfork_received_checksum, 0xffff_0000);
    assert_eq!((r.rfork_size, r.creation_time), (0, 0));
    assert_eq!(r.rfork_checksum, 0xffff_0000);
    assert_eq!((r.bytes_received, r.received_checksum), (0, 0xffff_0000));
    assert_eq!(&r.id_string[..13], b"Cool FileXfer");
    assert!(r.id_string[13..].iter().all(|&b| b == 0));
    assert_eq!(r.flags, OftFlags::DEFAULT);
    assert_eq!((r.list_name_offset, r.list_size_offset), (0x1c, 0x11));
    assert_eq!((r.dummy, r.mac_file_info), ([0; 69], [0; 16]));
    assert_eq!((r.encoding, r.language), (0, 0));
    assert_eq!(r.name, b"Donna Cover Again.psd\x01Donna Cover Again.psd");
    assert_eq!(r.name_area_len, 64);
    let mut out = [0u8; 256];
    assert_eq!(r.emit(&mut out).unwrap(), 256);
    assert_eq!(&out, WINAIM);
}
