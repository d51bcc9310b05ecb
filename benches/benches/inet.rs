//! Ethernet → IPv4 → TCP, ours beside smoltcp 0.14, etherparse 0.21 and pnet_packet 0.35 on
//! the same bytes, in one run: the three jobs of issue 4's performance must-show, measured
//! as `../shared/notes/ethernet-ip-tcp.md` §3 measured them.
//!
//! Inputs: the SYN74 frame of `../shared/vectors/syn74.hex` (TCP SYN with 20 option bytes:
//! MSS, SACK-permitted, timestamps, NOP, window scale) and the DATA1514 frame of
//! `../shared/vectors/data1514.hex` (PSH|ACK, no options, 1460 payload bytes). Each job of
//! each crate is one `#[inline(never)]` function, called once per iteration on
//! `black_box`ed bytes, whose answers come back packed into one `u64` (in a register)
//! through `black_box`. Before anything is timed, every crate's answer is checked equal to
//! ours and to the values written down here.
//!
//! Jobs (one criterion group each, the crates as `BenchmarkId`s, the frames as parameters):
//! - `checked_view`: the checked views of the three headers, dispatching on the EtherType
//!   and the IP protocol, reading the ports, the sequence number and the TCP payload length.
//!   Ours: `EthernetFrame::parse` → `Ipv4Packet::parse` → `TcpPacket::parse`; smoltcp:
//!   `EthernetFrame/Ipv4Packet/TcpPacket::new_checked`; etherparse:
//!   `SlicedPacket::from_ethernet`; pnet: the `EthernetPacket::new` chain (which checks only
//!   each header's fixed minimum size).
//! - `full_decode`: everything a receiver decodes from the headers, TCP options included
//!   (MSS, window scale, SACK-permitted, timestamps), checksums not checked. Ours: the
//!   views, `EthernetRepr`/`Ipv4Repr`/`TcpRepr::parse` and `TcpPacket::options_summary`;
//!   smoltcp: `EthernetRepr::parse`, `Ipv4Repr::parse` and `TcpRepr::parse` with
//!   `ChecksumCapabilities::ignored()`; etherparse: `PacketHeaders::from_ethernet_slice`
//!   and its TCP option iterator; pnet: the packets and their TCP option iterator.
//! - `parse_verify`: the checked views plus verification of the IPv4 header checksum and
//!   the TCP checksum (pseudo-header, header, options, payload). Ours: the views and
//!   `verify_checksum` ×2; smoltcp: `new_checked` and `verify_checksum` ×2; etherparse:
//!   `SlicedPacket` + `to_header().calc_header_checksum()` + `TcpSlice::calc_checksum_ipv4`
//!   compared with the carried values (its slicers never verify); pnet: `ipv4::checksum` +
//!   `tcp::ipv4_checksum` compared with the carried values.
//!
//! ```text
//! taskset -c 1 cargo bench -p codec-benches --bench inet -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use codec_benches::{data1514, syn74};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

// ---------------------------------------------------------------------------------------
// What the jobs report.

/// The checked view's answer: source port (bits 48..64), destination port (32..48) and
/// sequence number (0..32), with the TCP payload length added in at bit 16 (lossy, but the
/// same for every crate; the tests below also check each part). 0 when a parser rejects
/// the frame or it is not IPv4/TCP.
#[inline(always)]
fn view_summary(sport: u16, dport: u16, seq: u32, payload_len: usize) -> u64 {
    ((u64::from(sport) << 48) | (u64::from(dport) << 32) | u64::from(seq))
        .wrapping_add((payload_len as u64) << 16)
}

/// The checked view's answer with the two checksum verdicts: bit 62 set when the IPv4
/// header checksum is wrong, bit 63 when the TCP checksum is.
#[inline(always)]
fn verify_summary(view: u64, ip_ok: bool, tcp_ok: bool) -> u64 {
    view ^ (u64::from(!ip_ok) << 62) ^ (u64::from(!tcp_ok) << 63)
}

/// Everything the full decode yields, as each crate's own types give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decoded {
    /// Destination and source MAC addresses, 48 bits each.
    dst_mac: u64,
    src_mac: u64,
    src_ip: u32,
    dst_ip: u32,
    ttl: u8,
    /// Total length − header length.
    ip_payload_len: usize,
    sport: u16,
    dport: u16,
    seq: u32,
    /// The acknowledgment number when ACK is set.
    ack: Option<u32>,
    /// The control flag as smoltcp's `TcpControl` keeps it: SYN 2, FIN 1, RST 4, PSH 8, else 0.
    control: u8,
    window: u16,
    mss: Option<u16>,
    window_scale: Option<u8>,
    sack_permitted: bool,
    timestamps: Option<(u32, u32)>,
    payload_len: usize,
}

impl Decoded {
    /// All of it folded into one `u64` with a few adds and shifts (cheap next to the
    /// parses; the same cost for every crate).
    #[inline(always)]
    fn fold(&self) -> u64 {
        let (tsval, tsecr) = self.timestamps.unwrap_or((0, 0));
        let a = self.dst_mac.wrapping_add(self.src_mac << 16);
        let b = (u64::from(self.src_ip) << 32) | u64::from(self.dst_ip);
        let c = (u64::from(self.sport) << 48) | (u64::from(self.dport) << 32) | u64::from(self.seq);
        let d = (u64::from(self.ack.unwrap_or(0)) << 32)
            | (u64::from(self.ack.is_some()) << 31)
            | (u64::from(self.control) << 24)
            | (u64::from(self.ttl) << 16)
            | u64::from(self.window);
        let e = (u64::from(self.mss.unwrap_or(0)) << 48)
            | (u64::from(self.mss.is_some()) << 47)
            | (u64::from(self.window_scale.unwrap_or(0)) << 32)
            | (u64::from(self.window_scale.is_some()) << 31)
            | (u64::from(self.sack_permitted) << 30)
            | (u64::from(self.timestamps.is_some()) << 29);
        let f = (u64::from(tsval) << 32) | u64::from(tsecr);
        let g = ((self.payload_len as u64) << 32) | self.ip_payload_len as u64;
        a.wrapping_add(b.rotate_left(7))
            .wrapping_add(c.rotate_left(13))
            .wrapping_add(d.rotate_left(19))
            .wrapping_add(e.rotate_left(29))
            .wrapping_add(f.rotate_left(37))
            .wrapping_add(g.rotate_left(43))
    }
}

fn mac_u64(m: [u8; 6]) -> u64 {
    let [a, b, c, d, e, f] = m;
    u64::from_be_bytes([0, 0, a, b, c, d, e, f])
}

// ---------------------------------------------------------------------------------------
// Ours.

mod ours {
    use super::{Decoded, mac_u64, verify_summary, view_summary};
    use codec_inet::ip::IpProtocol;
    use codec_inet::ipv4::{Ipv4Packet, Ipv4Repr};
    use codec_inet::pseudo::IpPseudo;
    use codec_inet::tcp::{TcpFlags, TcpPacket, TcpRepr};
    use codec_link::ethernet::{EtherType, EthernetFrame, EthernetRepr};

    #[inline(never)]
    pub fn checked_view(bytes: &[u8]) -> u64 {
        let Ok(eth) = EthernetFrame::parse(bytes) else {
            return 0;
        };
        if eth.ethertype() != EtherType::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::parse(eth.payload()) else {
            return 0;
        };
        if ip.protocol() != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::parse(ip.payload()) else {
            return 0;
        };
        view_summary(
            tcp.src_port(),
            tcp.dst_port(),
            tcp.seq(),
            tcp.payload().len(),
        )
    }

    #[inline(never)]
    pub fn full_decode(bytes: &[u8]) -> u64 {
        let Ok(eth) = EthernetFrame::parse(bytes) else {
            return 0;
        };
        let Ok(eth_repr) = EthernetRepr::parse(&eth) else {
            return 0;
        };
        if eth_repr.ethertype != EtherType::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::parse(eth.payload()) else {
            return 0;
        };
        let Ok(ip_repr) = Ipv4Repr::parse(&ip) else {
            return 0;
        };
        if ip_repr.protocol != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::parse(ip.payload()) else {
            return 0;
        };
        let Ok(tcp_repr) = TcpRepr::parse(&tcp) else {
            return 0;
        };
        let Ok(options) = tcp.options_summary() else {
            return 0;
        };
        let f = tcp_repr.flags;
        let control = if f.contains(TcpFlags::SYN) {
            2
        } else if f.contains(TcpFlags::FIN) {
            1
        } else if f.contains(TcpFlags::RST) {
            4
        } else if f.contains(TcpFlags::PSH) {
            8
        } else {
            0
        };
        Decoded {
            dst_mac: mac_u64(eth_repr.dst.octets()),
            src_mac: mac_u64(eth_repr.src.octets()),
            src_ip: ip_repr.src_addr.to_bits(),
            dst_ip: ip_repr.dst_addr.to_bits(),
            ttl: ip_repr.ttl,
            ip_payload_len: ip_repr.payload_len,
            sport: tcp_repr.src_port,
            dport: tcp_repr.dst_port,
            seq: tcp_repr.seq,
            ack: f.contains(TcpFlags::ACK).then_some(tcp_repr.ack),
            control,
            window: tcp_repr.window,
            mss: options.mss,
            window_scale: options.window_scale,
            sack_permitted: options.sack_permitted,
            timestamps: options.timestamps.map(|t| (t.tsval, t.tsecr)),
            payload_len: tcp_repr.payload.len(),
        }
        .fold()
    }

    #[inline(never)]
    pub fn parse_verify(bytes: &[u8]) -> u64 {
        let Ok(eth) = EthernetFrame::parse(bytes) else {
            return 0;
        };
        if eth.ethertype() != EtherType::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::parse(eth.payload()) else {
            return 0;
        };
        if ip.protocol() != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::parse(ip.payload()) else {
            return 0;
        };
        let pseudo = IpPseudo::V4 {
            src: ip.src_addr(),
            dst: ip.dst_addr(),
        };
        verify_summary(
            view_summary(
                tcp.src_port(),
                tcp.dst_port(),
                tcp.seq(),
                tcp.payload().len(),
            ),
            ip.verify_checksum(),
            tcp.verify_checksum(&pseudo),
        )
    }
}

// ---------------------------------------------------------------------------------------
// smoltcp 0.14.

mod smol {
    use super::{Decoded, mac_u64, verify_summary, view_summary};
    use smoltcp::phy::ChecksumCapabilities;
    use smoltcp::wire::{
        EthernetFrame, EthernetProtocol, EthernetRepr, IpAddress, IpProtocol, Ipv4Packet, Ipv4Repr,
        TcpControl, TcpPacket, TcpRepr,
    };

    #[inline(never)]
    pub fn checked_view(bytes: &[u8]) -> u64 {
        let Ok(eth) = EthernetFrame::new_checked(bytes) else {
            return 0;
        };
        if eth.ethertype() != EthernetProtocol::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::new_checked(eth.payload()) else {
            return 0;
        };
        if ip.next_header() != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::new_checked(ip.payload()) else {
            return 0;
        };
        view_summary(
            tcp.src_port(),
            tcp.dst_port(),
            tcp.seq_number().0 as u32,
            tcp.payload().len(),
        )
    }

    #[inline(never)]
    pub fn full_decode(bytes: &[u8]) -> u64 {
        let caps = ChecksumCapabilities::ignored();
        let Ok(eth) = EthernetFrame::new_checked(bytes) else {
            return 0;
        };
        let Ok(eth_repr) = EthernetRepr::parse(&eth) else {
            return 0;
        };
        if eth_repr.ethertype != EthernetProtocol::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::new_checked(eth.payload()) else {
            return 0;
        };
        let Ok(ip_repr) = Ipv4Repr::parse(&ip, &caps) else {
            return 0;
        };
        if ip_repr.next_header != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::new_checked(ip.payload()) else {
            return 0;
        };
        let Ok(tcp_repr) = TcpRepr::parse(
            &tcp,
            &IpAddress::Ipv4(ip_repr.src_addr),
            &IpAddress::Ipv4(ip_repr.dst_addr),
            &caps,
        ) else {
            return 0;
        };
        let control = match tcp_repr.control {
            TcpControl::Syn => 2,
            TcpControl::Fin => 1,
            TcpControl::Rst => 4,
            TcpControl::Psh => 8,
            TcpControl::None => 0,
        };
        Decoded {
            dst_mac: mac_u64(eth_repr.dst_addr.0),
            src_mac: mac_u64(eth_repr.src_addr.0),
            src_ip: ip_repr.src_addr.to_bits(),
            dst_ip: ip_repr.dst_addr.to_bits(),
            ttl: ip_repr.hop_limit,
            ip_payload_len: ip_repr.payload_len,
            sport: tcp_repr.src_port,
            dport: tcp_repr.dst_port,
            seq: tcp_repr.seq_number.0 as u32,
            ack: tcp_repr.ack_number.map(|a| a.0 as u32),
            control,
            window: tcp_repr.window_len,
            mss: tcp_repr.max_seg_size,
            window_scale: tcp_repr.window_scale,
            sack_permitted: tcp_repr.sack_permitted,
            timestamps: tcp_repr.timestamp.map(|t| (t.tsval, t.tsecr)),
            payload_len: tcp_repr.payload.len(),
        }
        .fold()
    }

    #[inline(never)]
    pub fn parse_verify(bytes: &[u8]) -> u64 {
        let Ok(eth) = EthernetFrame::new_checked(bytes) else {
            return 0;
        };
        if eth.ethertype() != EthernetProtocol::Ipv4 {
            return 0;
        }
        let Ok(ip) = Ipv4Packet::new_checked(eth.payload()) else {
            return 0;
        };
        if ip.next_header() != IpProtocol::Tcp {
            return 0;
        }
        let Ok(tcp) = TcpPacket::new_checked(ip.payload()) else {
            return 0;
        };
        let tcp_ok = tcp.verify_checksum(
            &IpAddress::Ipv4(ip.src_addr()),
            &IpAddress::Ipv4(ip.dst_addr()),
        );
        verify_summary(
            view_summary(
                tcp.src_port(),
                tcp.dst_port(),
                tcp.seq_number().0 as u32,
                tcp.payload().len(),
            ),
            ip.verify_checksum(),
            tcp_ok,
        )
    }
}

// ---------------------------------------------------------------------------------------
// etherparse 0.21.

mod ether {
    use super::{Decoded, mac_u64, verify_summary, view_summary};
    use etherparse::{
        LinkHeader, NetHeaders, NetSlice, PacketHeaders, SlicedPacket, TcpOptionElement,
        TransportHeader, TransportSlice,
    };

    #[inline(never)]
    pub fn checked_view(bytes: &[u8]) -> u64 {
        let Ok(p) = SlicedPacket::from_ethernet(bytes) else {
            return 0;
        };
        let (Some(NetSlice::Ipv4(_)), Some(TransportSlice::Tcp(tcp))) = (&p.net, &p.transport)
        else {
            return 0;
        };
        view_summary(
            tcp.source_port(),
            tcp.destination_port(),
            tcp.sequence_number(),
            tcp.payload().len(),
        )
    }

    #[inline(never)]
    pub fn full_decode(bytes: &[u8]) -> u64 {
        let Ok(h) = PacketHeaders::from_ethernet_slice(bytes) else {
            return 0;
        };
        let (
            Some(LinkHeader::Ethernet2(eth)),
            Some(NetHeaders::Ipv4(ip, _)),
            Some(TransportHeader::Tcp(tcp)),
        ) = (&h.link, &h.net, &h.transport)
        else {
            return 0;
        };
        let Ok(ip_payload_len) = ip.payload_len() else {
            return 0;
        };
        let mut mss = None;
        let mut window_scale = None;
        let mut sack_permitted = false;
        let mut timestamps = None;
        for o in tcp.options_iterator() {
            match o {
                Ok(TcpOptionElement::MaximumSegmentSize(v)) => mss = Some(v),
                Ok(TcpOptionElement::WindowScale(v)) => window_scale = Some(v),
                Ok(TcpOptionElement::SelectiveAcknowledgementPermitted) => sack_permitted = true,
                Ok(TcpOptionElement::Timestamp(a, b)) => timestamps = Some((a, b)),
                Ok(_) => {}
                Err(_) => return 0,
            }
        }
        let control = if tcp.syn {
            2
        } else if tcp.fin {
            1
        } else if tcp.rst {
            4
        } else if tcp.psh {
            8
        } else {
            0
        };
        Decoded {
            dst_mac: mac_u64(eth.destination),
            src_mac: mac_u64(eth.source),
            src_ip: u32::from_be_bytes(ip.source),
            dst_ip: u32::from_be_bytes(ip.destination),
            ttl: ip.time_to_live,
            ip_payload_len: usize::from(ip_payload_len),
            sport: tcp.source_port,
            dport: tcp.destination_port,
            seq: tcp.sequence_number,
            ack: tcp.ack.then_some(tcp.acknowledgment_number),
            control,
            window: tcp.window_size,
            mss,
            window_scale,
            sack_permitted,
            timestamps,
            payload_len: h.payload.slice().len(),
        }
        .fold()
    }

    #[inline(never)]
    pub fn parse_verify(bytes: &[u8]) -> u64 {
        let Ok(p) = SlicedPacket::from_ethernet(bytes) else {
            return 0;
        };
        let (Some(NetSlice::Ipv4(ip)), Some(TransportSlice::Tcp(tcp))) = (&p.net, &p.transport)
        else {
            return 0;
        };
        let header = ip.header();
        let ip_ok = header.to_header().calc_header_checksum() == header.header_checksum();
        let tcp_ok = tcp
            .calc_checksum_ipv4(header.source(), header.destination())
            .is_ok_and(|c| c == tcp.checksum());
        verify_summary(
            view_summary(
                tcp.source_port(),
                tcp.destination_port(),
                tcp.sequence_number(),
                tcp.payload().len(),
            ),
            ip_ok,
            tcp_ok,
        )
    }
}

// ---------------------------------------------------------------------------------------
// pnet_packet 0.35.

mod pnet {
    use super::{Decoded, mac_u64, verify_summary, view_summary};
    use pnet_packet::Packet;
    use pnet_packet::ethernet::{EtherTypes, EthernetPacket};
    use pnet_packet::ip::IpNextHeaderProtocols;
    use pnet_packet::ipv4::{self, Ipv4Packet};
    use pnet_packet::tcp::{self, TcpFlags, TcpOptionNumbers, TcpPacket};

    #[inline(never)]
    pub fn checked_view(bytes: &[u8]) -> u64 {
        let Some(eth) = EthernetPacket::new(bytes) else {
            return 0;
        };
        if eth.get_ethertype() != EtherTypes::Ipv4 {
            return 0;
        }
        let Some(ip) = Ipv4Packet::new(eth.payload()) else {
            return 0;
        };
        if ip.get_next_level_protocol() != IpNextHeaderProtocols::Tcp {
            return 0;
        }
        let Some(tcp) = TcpPacket::new(ip.payload()) else {
            return 0;
        };
        view_summary(
            tcp.get_source(),
            tcp.get_destination(),
            tcp.get_sequence(),
            tcp.payload().len(),
        )
    }

    #[inline(never)]
    pub fn full_decode(bytes: &[u8]) -> u64 {
        let Some(eth) = EthernetPacket::new(bytes) else {
            return 0;
        };
        if eth.get_ethertype() != EtherTypes::Ipv4 {
            return 0;
        }
        let Some(ip) = Ipv4Packet::new(eth.payload()) else {
            return 0;
        };
        if ip.get_next_level_protocol() != IpNextHeaderProtocols::Tcp {
            return 0;
        }
        let Some(tcp) = TcpPacket::new(ip.payload()) else {
            return 0;
        };
        let mut mss = None;
        let mut window_scale = None;
        let mut sack_permitted = false;
        let mut timestamps = None;
        for o in tcp.get_options_iter() {
            let n = o.get_number();
            let v = o.payload();
            if n == TcpOptionNumbers::MSS
                && let &[a, b] = v
            {
                mss = Some(u16::from_be_bytes([a, b]));
            } else if n == TcpOptionNumbers::WSCALE
                && let &[s] = v
            {
                window_scale = Some(s);
            } else if n == TcpOptionNumbers::SACK_PERMITTED {
                sack_permitted = true;
            } else if n == TcpOptionNumbers::TIMESTAMPS
                && let &[a, b, c, d, e, f, g, h] = v
            {
                timestamps = Some((
                    u32::from_be_bytes([a, b, c, d]),
                    u32::from_be_bytes([e, f, g, h]),
                ));
            }
        }
        let flags = tcp.get_flags();
        let control = if flags & TcpFlags::SYN != 0 {
            2
        } else if flags & TcpFlags::FIN != 0 {
            1
        } else if flags & TcpFlags::RST != 0 {
            4
        } else if flags & TcpFlags::PSH != 0 {
            8
        } else {
            0
        };
        Decoded {
            dst_mac: mac_u64(eth.get_destination().octets()),
            src_mac: mac_u64(eth.get_source().octets()),
            src_ip: u32::from_be_bytes(ip.get_source().octets()),
            dst_ip: u32::from_be_bytes(ip.get_destination().octets()),
            ttl: ip.get_ttl(),
            ip_payload_len: usize::from(ip.get_total_length())
                .saturating_sub(usize::from(ip.get_header_length()) * 4),
            sport: tcp.get_source(),
            dport: tcp.get_destination(),
            seq: tcp.get_sequence(),
            ack: (flags & TcpFlags::ACK != 0).then_some(tcp.get_acknowledgement()),
            control,
            window: tcp.get_window(),
            mss,
            window_scale,
            sack_permitted,
            timestamps,
            payload_len: tcp.payload().len(),
        }
        .fold()
    }

    #[inline(never)]
    pub fn parse_verify(bytes: &[u8]) -> u64 {
        let Some(eth) = EthernetPacket::new(bytes) else {
            return 0;
        };
        if eth.get_ethertype() != EtherTypes::Ipv4 {
            return 0;
        }
        let Some(ip) = Ipv4Packet::new(eth.payload()) else {
            return 0;
        };
        if ip.get_next_level_protocol() != IpNextHeaderProtocols::Tcp {
            return 0;
        }
        let Some(tcp) = TcpPacket::new(ip.payload()) else {
            return 0;
        };
        let ip_ok = ipv4::checksum(&ip) == ip.get_checksum();
        let tcp_ok =
            tcp::ipv4_checksum(&tcp, &ip.get_source(), &ip.get_destination()) == tcp.get_checksum();
        verify_summary(
            view_summary(
                tcp.get_source(),
                tcp.get_destination(),
                tcp.get_sequence(),
                tcp.payload().len(),
            ),
            ip_ok,
            tcp_ok,
        )
    }
}

// ---------------------------------------------------------------------------------------
// The runs.

type Job = fn(&[u8]) -> u64;

/// The crates of one job, in the order they appear in the report.
fn crates(ours: Job, smoltcp: Job, etherparse: Job, pnet: Job) -> [(&'static str, Job); 4] {
    [
        ("ours", ours),
        ("smoltcp", smoltcp),
        ("etherparse", etherparse),
        ("pnet", pnet),
    ]
}

fn frames() -> [(&'static str, Vec<u8>); 2] {
    [
        ("syn74", syn74().expect("syn74.hex is valid hex")),
        ("data1514", data1514().expect("data1514.hex is valid hex")),
    ]
}

/// What every crate must answer on the two frames, checked before anything is timed.
fn check_answers() {
    let [(_, syn), (_, data)] = frames();

    // checked_view: ports 50000 → 80, the sequence numbers, 0 and 1460 payload bytes.
    let syn_view = view_summary(50000, 80, 0x1234_5678, 0);
    let data_view = view_summary(50000, 80, 0x1234_5679, 1460);
    for (name, f) in crates(
        ours::checked_view,
        smol::checked_view,
        ether::checked_view,
        pnet::checked_view,
    ) {
        assert_eq!(f(&syn), syn_view, "checked_view {name} syn74");
        assert_eq!(f(&data), data_view, "checked_view {name} data1514");
    }

    // full_decode: every field, written down from the vectors' README.
    let syn_decoded = Decoded {
        dst_mac: 0x0011_2233_4455,
        src_mac: 0x6677_8899_aabb,
        src_ip: 0xc0a8_0164,
        dst_ip: 0x5db8_d822,
        ttl: 64,
        ip_payload_len: 40,
        sport: 50000,
        dport: 80,
        seq: 0x1234_5678,
        ack: None,
        control: 2,
        window: 64240,
        mss: Some(1460),
        window_scale: Some(7),
        sack_permitted: true,
        timestamps: Some((0x009a_2b3c, 0)),
        payload_len: 0,
    }
    .fold();
    let data_decoded = Decoded {
        dst_mac: 0x0011_2233_4455,
        src_mac: 0x6677_8899_aabb,
        src_ip: 0xc0a8_0164,
        dst_ip: 0x5db8_d822,
        ttl: 64,
        ip_payload_len: 1480,
        sport: 50000,
        dport: 80,
        seq: 0x1234_5679,
        ack: Some(0x9abc_def1),
        control: 8,
        window: 502,
        mss: None,
        window_scale: None,
        sack_permitted: false,
        timestamps: None,
        payload_len: 1460,
    }
    .fold();
    for (name, f) in crates(
        ours::full_decode,
        smol::full_decode,
        ether::full_decode,
        pnet::full_decode,
    ) {
        assert_eq!(f(&syn), syn_decoded, "full_decode {name} syn74");
        assert_eq!(f(&data), data_decoded, "full_decode {name} data1514");
    }

    // parse_verify: both checksums good; a one-bit flip in the TCP payload (or, for the
    // SYN, in its last option byte) and one in the IPv4 identification are caught.
    let mut data_bad_tcp = data.clone();
    data_bad_tcp[1000] ^= 0x10;
    let mut syn_bad_tcp = syn.clone();
    syn_bad_tcp[73] ^= 0x01;
    let mut data_bad_ip = data.clone();
    data_bad_ip[18] ^= 0x01;
    for (name, f) in crates(
        ours::parse_verify,
        smol::parse_verify,
        ether::parse_verify,
        pnet::parse_verify,
    ) {
        assert_eq!(
            f(&syn),
            verify_summary(syn_view, true, true),
            "parse_verify {name} syn74"
        );
        assert_eq!(
            f(&data),
            verify_summary(data_view, true, true),
            "parse_verify {name} data1514"
        );
        assert_eq!(
            f(&data_bad_tcp),
            verify_summary(data_view, true, false),
            "parse_verify {name} flipped payload"
        );
        assert_eq!(
            f(&syn_bad_tcp),
            verify_summary(syn_view, true, false),
            "parse_verify {name} flipped option byte"
        );
        assert_eq!(
            f(&data_bad_ip),
            verify_summary(data_view, false, true),
            "parse_verify {name} flipped IPv4 header"
        );
    }
}

/// One group: every crate's function for `$job` on both frames, called directly (not
/// through a function pointer) as in the other benchmark files.
macro_rules! bench_job {
    ($c:expr, $job:ident) => {{
        let mut group = $c.benchmark_group(stringify!($job));
        group.throughput(Throughput::Elements(1));
        for (frame_name, frame) in frames() {
            let f = frame.as_slice();
            group.bench_with_input(BenchmarkId::new("ours", frame_name), f, |b, f| {
                b.iter(|| black_box(ours::$job(black_box(f))))
            });
            group.bench_with_input(BenchmarkId::new("smoltcp", frame_name), f, |b, f| {
                b.iter(|| black_box(smol::$job(black_box(f))))
            });
            group.bench_with_input(BenchmarkId::new("etherparse", frame_name), f, |b, f| {
                b.iter(|| black_box(ether::$job(black_box(f))))
            });
            group.bench_with_input(BenchmarkId::new("pnet", frame_name), f, |b, f| {
                b.iter(|| black_box(pnet::$job(black_box(f))))
            });
        }
        group.finish();
    }};
}

fn bench_inet(c: &mut Criterion) {
    check_answers();
    bench_job!(c, checked_view);
    bench_job!(c, full_decode);
    bench_job!(c, parse_verify);
}

criterion_group!(benches, bench_inet);
criterion_main!(benches);
