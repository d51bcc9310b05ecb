//! Targets whose codec keeps state: the Van Jacobson decompressor and compressor (a slot
//! table per link direction) and the RFC 1662 deframer (a frame in progress across chunks).
//! Each input is a sequence of packets or chunks fed to one instance, so the state carries
//! across them, and every crash reproduces from its input alone.

use crate::{format_both, format_debug};
use arbitrary::Unstructured;
use codec_inet::builder::{NetworkRepr, PacketBuilder, TransportRepr};
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::{Ipv4Flags, Ipv4Packet, Ipv4Repr};
use codec_inet::pseudo::IpPseudo;
use codec_inet::tcp::{TcpFlags, TcpPacket, TcpRepr};
use codec_inet::vj::{VjCompressedPacket, VjCompressor, VjConfig, VjDecompressor};
use codec_link::ppp::PppProtocol;
use codec_link::ppp::hdlc::{Deframer, Event, FcsKind, Framer};
use std::net::Ipv4Addr;
use std::vec::Vec;

/// Splits `data` into records of one selector byte and up to 255 bytes (a length byte).
fn records(mut data: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    core::iter::from_fn(move || {
        let [sel, len, rest @ ..] = data else {
            return None;
        };
        let n = usize::from(*len).min(rest.len());
        let (rec, tail) = rest.split_at(n);
        data = tail;
        Some((*sel, rec))
    })
}

/// The VJ decompressor on arbitrary packets, stateful across the packets of one input:
/// each record is an uncompressed-TCP, compressed-TCP or IPv4 packet, or a link error
/// (`signal_error`). Never a panic; every packet it accepts rebuilds a datagram whose IPv4
/// header parses with a right checksum and carries TCP; a failure leaves it tossing.
pub fn vj_decompress(data: &[u8]) {
    let config = VjConfig::new(
        data.first().map_or(15, |b| b & 0x0f),
        data.get(1).is_none_or(|b| b & 1 == 0),
    );
    let Ok(mut d) = VjDecompressor::<16>::new(config) else {
        return;
    };
    let mut out = [0u8; 512];
    for (sel, packet) in records(data.get(2..).unwrap_or(&[])) {
        let protocol = match sel % 4 {
            0 => PppProtocol::VjUncompressed,
            1 => PppProtocol::VjCompressed,
            2 => PppProtocol::Ipv4,
            _ => {
                d.signal_error();
                assert!(d.is_tossing(), "signal_error must toss");
                continue;
            }
        };
        if protocol == PppProtocol::VjCompressed
            && let Ok(p) = VjCompressedPacket::parse(packet)
        {
            format_both("a VJ compressed header", &p);
        }
        match d.decompress(protocol, packet, &mut out) {
            Ok(n) => {
                assert!(
                    n <= out.len(),
                    "decompress reported more bytes than its buffer"
                );
                if protocol == PppProtocol::Ipv4 {
                    assert_eq!(&out[..n], packet, "an IPv4 packet must pass unchanged");
                    continue;
                }
                let ip = Ipv4Packet::parse_lax(&out[..n])
                    .unwrap_or_else(|e| panic!("a rebuilt datagram does not parse: {e}"));
                assert!(
                    ip.verify_checksum(),
                    "a rebuilt IPv4 header has a wrong checksum"
                );
                assert_eq!(
                    ip.protocol(),
                    IpProtocol::Tcp,
                    "a rebuilt datagram is not TCP"
                );
                TcpPacket::parse(ip.payload())
                    .unwrap_or_else(|e| panic!("rebuilt TCP does not parse: {e}"));
            }
            Err(e) => {
                format_debug("a VJ error", &e);
                if protocol != PppProtocol::Ipv4
                    && !matches!(e.kind(), codec_core::ErrorKind::BufferTooSmall { .. })
                {
                    assert!(
                        d.is_tossing(),
                        "a failed VJ packet must leave the decompressor tossing: {e}"
                    );
                }
            }
        }
    }
}

/// Compress → decompress over a conversation built from the input: TCP/IPv4 segments of up
/// to four connections with arbitrary changes between segments (sequence and ack jumps,
/// window, urgent data, flags, options, TTL, IP id). Every segment must come out of the
/// decompressor byte for byte as it went into the compressor.
pub fn vj_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(max_slot) = u.int_in_range(0u8..=15) else {
        return;
    };
    let Ok(comp_slot) = u.arbitrary::<bool>() else {
        return;
    };
    let config = VjConfig::new(max_slot, comp_slot);
    let (Ok(mut c), Ok(mut d)) = (
        VjCompressor::<16>::new(config),
        VjDecompressor::<16>::new(config),
    ) else {
        return;
    };
    #[derive(Clone, Copy)]
    struct Conn {
        src: Ipv4Addr,
        dst: Ipv4Addr,
        sport: u16,
        dport: u16,
        seq: u32,
        ack: u32,
        win: u16,
        id: u16,
    }
    let mut conns: Vec<Conn> = Vec::new();
    let mut wire = [0u8; 512];
    let mut back = [0u8; 512];
    let mut packet = [0u8; 512];
    let payload_pool = [0x5au8; 300];
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let Ok(i) = u.int_in_range(0..=conns.len().min(3)) else {
            break;
        };
        if i == conns.len() {
            let Ok(seed) = u.arbitrary::<[u8; 16]>() else {
                break;
            };
            conns.push(Conn {
                src: Ipv4Addr::new(10, 0, seed[0], seed[1]),
                dst: Ipv4Addr::new(10, 1, seed[2], seed[3]),
                sport: u16::from_be_bytes([seed[4], seed[5]]),
                dport: u16::from_be_bytes([seed[6], seed[7]]),
                seq: u32::from_be_bytes([seed[8], seed[9], seed[10], seed[11]]),
                ack: u32::from_be_bytes([seed[12], seed[13], seed[14], seed[15]]),
                win: 8192,
                id: 1,
            });
        }
        let conn = &mut conns[i];
        let Ok(change) = u.int_in_range(0u8..=9) else {
            break;
        };
        let Ok(amount) = u.arbitrary::<u32>() else {
            break;
        };
        let Ok(len) = u.int_in_range(0usize..=300) else {
            break;
        };
        let mut flags = TcpFlags::ACK;
        let mut urgent = 0;
        let mut options: &[u8] = &[];
        let mut ttl = 64;
        match change {
            0 => conn.seq = conn.seq.wrapping_add(amount % 70_000),
            1 => conn.ack = conn.ack.wrapping_add(amount % 70_000),
            2 => conn.win = amount as u16,
            3 => {
                flags |= TcpFlags::URG;
                urgent = amount as u16;
            }
            4 => flags |= TcpFlags::PSH,
            5 => flags |= TcpFlags::FIN,
            6 => options = &[0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2],
            7 => ttl = 63,
            8 => conn.id = conn.id.wrapping_add(amount as u16),
            _ => {}
        }
        conn.id = conn.id.wrapping_add(1);
        let b = PacketBuilder {
            ethernet: None,
            network: NetworkRepr::Ipv4(Ipv4Repr {
                src_addr: conn.src,
                dst_addr: conn.dst,
                protocol: IpProtocol::Tcp,
                ttl,
                dscp: 0,
                ecn: 0,
                ident: conn.id,
                flags: Ipv4Flags::DONT_FRAGMENT,
                frag_offset: 0,
                options: &[],
                payload_len: 0,
            }),
            transport: TransportRepr::Tcp(TcpRepr {
                src_port: conn.sport,
                dst_port: conn.dport,
                seq: conn.seq,
                ack: conn.ack,
                flags,
                window: conn.win,
                urgent,
                options,
                payload: &[],
            }),
        };
        let n = b
            .emit(&mut packet, len, |p| {
                p.copy_from_slice(&payload_pool[..p.len()]);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("building a segment failed: {e}"));
        conn.seq = conn.seq.wrapping_add(len as u32);
        let original = &packet[..n];
        let (protocol, w) = c
            .compress(original, &mut wire)
            .unwrap_or_else(|e| panic!("compress failed: {e}"));
        let m = d
            .decompress(protocol, &wire[..w], &mut back)
            .unwrap_or_else(|e| panic!("decompress of our own {protocol} packet failed: {e}"));
        assert_eq!(
            &back[..m],
            original,
            "compress → decompress changed the segment ({protocol})"
        );
        let ip = Ipv4Packet::parse(&back[..m]).unwrap();
        let pseudo = IpPseudo::V4 {
            src: ip.src_addr(),
            dst: ip.dst_addr(),
        };
        assert!(
            TcpPacket::parse(ip.payload())
                .unwrap()
                .verify_checksum(&pseudo)
        );
    }
}

/// The RFC 1662 deframer under arbitrary chunking: the input's first bytes choose the ACCM,
/// the FCS and the capacity; the rest is the serial stream. It is deframed whole, then in
/// chunks whose sizes come from the stream itself, and one byte at a time: the three event
/// sequences must be equal (output independent of chunk boundaries). Every good frame
/// re-framed with the same ACCM and FCS deframes to the same frame.
pub fn hdlc_deframe(data: &[u8]) {
    let [a, b, c, d, opts, stream @ ..] = data else {
        return;
    };
    let accm = u32::from_be_bytes([*a, *b, *c, *d]);
    let fcs = if opts & 1 == 0 {
        FcsKind::Fcs16
    } else {
        FcsKind::Fcs32
    };
    let capacity = 8 + usize::from(opts >> 1) * 16;

    #[derive(Debug, PartialEq, Eq)]
    enum Seen {
        Frame(Vec<u8>, bool),
        Aborted(u64, usize),
        Short(u64, usize),
        TooLong(u64, usize),
        Unterminated(u64, usize),
    }
    let seen = |e: Event<'_>| match e {
        Event::Frame(f) => Seen::Frame(f.data.to_vec(), f.fcs_ok),
        Event::Aborted { offset, len } => Seen::Aborted(offset, len),
        Event::Short { offset, len } => Seen::Short(offset, len),
        Event::TooLong { offset, limit } => Seen::TooLong(offset, limit),
        Event::Unterminated { offset, len } => Seen::Unterminated(offset, len),
    };
    let run = |chunks: &mut dyn Iterator<Item = &[u8]>| -> Vec<Seen> {
        let mut df = Deframer::new(vec![0u8; capacity])
            .with_accm(accm)
            .with_fcs(fcs);
        let mut out = Vec::new();
        for chunk in chunks {
            df.push(chunk, |e| out.push(seen(e)));
        }
        if let Some(e) = df.finish() {
            out.push(seen(e));
        }
        out
    };
    let whole = run(&mut core::iter::once(stream));
    let step = usize::from(*a % 7) + 1;
    let in_chunks = run(&mut stream.chunks(step));
    let bytes = run(&mut stream.chunks(1));
    assert_eq!(whole, in_chunks, "chunks of {step} changed the events");
    assert_eq!(whole, bytes, "byte-at-a-time changed the events");

    let framer = Framer {
        accm,
        fcs,
        ..Framer::new()
    };
    let mut framed = vec![0u8; 2 * capacity + 16];
    for s in &whole {
        if let Seen::Frame(frame, true) = s {
            let n = framer
                .frame_raw(frame, &mut framed)
                .unwrap_or_else(|e| panic!("re-framing failed: {e}"));
            let again = run(&mut core::iter::once(&framed[..n]));
            assert_eq!(
                again,
                [Seen::Frame(frame.clone(), true)],
                "deframe(frame(x)) != x"
            );
        }
    }
}
