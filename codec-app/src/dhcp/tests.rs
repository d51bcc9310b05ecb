//! Tests of the DHCP module on ../shared/vectors/dhcp_{discover,ack}.bin, frames of
//! ../shared/captures/gen_dhcp/dhcp_dhclient.pcap and messages built from RFC 2131 §4.1,
//! RFC 2132 §9.3 and RFC 3396.

use super::relay::{AgentInfoPolicy, set_agent_info};
use super::*;
use codec_core::ErrorKind;
use std::string::ToString;
use std::vec::Vec;

// ../shared/vectors/dhcp_discover.bin: bytes 0..44, then 192 zero bytes (sname, file), the
// cookie, and these options.
static DISCOVER_HEAD: [u8; 44] = [
    0x01, 0x01, 0x06, 0x00, 0x39, 0x03, 0xf3, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x82, 0x01,
    0xfc, 0x42, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];
static DISCOVER_OPTIONS: [u8; 63] = [
    0x35, 0x01, 0x01, 0x3d, 0x07, 0x01, 0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42, 0x32, 0x04, 0xc0, 0xa8,
    0x00, 0x0a, 0x39, 0x02, 0x05, 0xdc, 0x0c, 0x08, 0x6c, 0x61, 0x70, 0x74, 0x6f, 0x70, 0x2d, 0x37,
    0x3c, 0x08, 0x4d, 0x53, 0x46, 0x54, 0x20, 0x35, 0x2e, 0x30, 0x37, 0x12, 0x01, 0x03, 0x06, 0x0f,
    0x1c, 0x1f, 0x21, 0x2b, 0x2c, 0x2e, 0x2f, 0x33, 0x3a, 0x3b, 0x77, 0x79, 0xf9, 0xfc, 0xff,
];
// ../shared/vectors/dhcp_ack.bin, the same way.
static ACK_HEAD: [u8; 44] = [
    0x02, 0x01, 0x06, 0x00, 0x39, 0x03, 0xf3, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xc0, 0xa8, 0x00, 0x0a, 0xc0, 0xa8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x82, 0x01,
    0xfc, 0x42, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];
static ACK_OPTIONS: [u8; 84] = [
    0x35, 0x01, 0x05, 0x36, 0x04, 0xc0, 0xa8, 0x00, 0x01, 0x33, 0x04, 0x00, 0x01, 0x51, 0x80, 0x3a,
    0x04, 0x00, 0x00, 0xa8, 0xc0, 0x3b, 0x04, 0x00, 0x01, 0x27, 0x50, 0x01, 0x04, 0xff, 0xff, 0xff,
    0x00, 0x1c, 0x04, 0xc0, 0xa8, 0x00, 0xff, 0x03, 0x04, 0xc0, 0xa8, 0x00, 0x01, 0x06, 0x08, 0xc0,
    0xa8, 0x00, 0x01, 0x08, 0x08, 0x08, 0x08, 0x0f, 0x0b, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65,
    0x2e, 0x6c, 0x61, 0x6e, 0x79, 0x0d, 0x18, 0x0a, 0x01, 0x02, 0xc0, 0xa8, 0x00, 0xfe, 0x00, 0xc0,
    0xa8, 0x00, 0x01, 0xff,
];
// dhcp_dhclient.pcap frame 6 from byte 42 (the DHCPOFFER of ISC dhclient's server): 81, 121
// and 119 with compressed names.
static DHCLIENT_OFFER_HEAD: [u8; 44] = [
    0x02, 0x01, 0x06, 0x00, 0x64, 0x8c, 0x65, 0x5c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xc0, 0xa8, 0x4d, 0x70, 0xc0, 0xa8, 0x4d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x77, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];
static DHCLIENT_OFFER_OPTIONS: [u8; 175] = [
    0x35, 0x01, 0x02, 0x36, 0x04, 0xc0, 0xa8, 0x4d, 0x01, 0x33, 0x04, 0x00, 0x00, 0x07, 0x08, 0x3a,
    0x04, 0x00, 0x00, 0x03, 0x84, 0x3b, 0x04, 0x00, 0x00, 0x06, 0x27, 0x01, 0x04, 0xff, 0xff, 0xff,
    0x00, 0x1c, 0x04, 0xc0, 0xa8, 0x4d, 0xff, 0x0c, 0x10, 0x67, 0x65, 0x6e, 0x63, 0x61, 0x70, 0x73,
    0x2d, 0x64, 0x68, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x51, 0x14, 0x05, 0xff, 0xff, 0x10, 0x67,
    0x65, 0x6e, 0x63, 0x61, 0x70, 0x73, 0x2d, 0x64, 0x68, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x1a,
    0x02, 0x05, 0x78, 0x2a, 0x04, 0xc0, 0xa8, 0x4d, 0x7b, 0x79, 0x14, 0x10, 0x0a, 0x0a, 0xc0, 0xa8,
    0x4d, 0x01, 0x18, 0xac, 0x10, 0x05, 0xc0, 0xa8, 0x4d, 0xfe, 0x00, 0xc0, 0xa8, 0x4d, 0x01, 0x77,
    0x1b, 0x03, 0x6c, 0x61, 0x62, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x04, 0x74, 0x65,
    0x73, 0x74, 0x00, 0xc0, 0x04, 0x04, 0x63, 0x6f, 0x72, 0x70, 0xc0, 0x04, 0x0f, 0x10, 0x6c, 0x61,
    0x62, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x06, 0x08,
    0xc0, 0xa8, 0x4d, 0x35, 0xc0, 0xa8, 0x4d, 0x36, 0x03, 0x04, 0xc0, 0xa8, 0x4d, 0x01, 0xff,
];

/// A message: the 44 header bytes, zero sname and file, the cookie and the options.
fn message(head: &[u8; 44], options: &[u8]) -> Vec<u8> {
    let mut m = head.to_vec();
    m.resize(COOKIE_OFFSET, 0);
    m.extend_from_slice(&MAGIC_COOKIE);
    m.extend_from_slice(options);
    m
}

fn discover() -> Vec<u8> {
    message(&DISCOVER_HEAD, &DISCOVER_OPTIONS)
}

fn ack() -> Vec<u8> {
    message(&ACK_HEAD, &ACK_OPTIONS)
}

/// dhclient's vendor class of frames 1, 7 and 11: 301 bytes it sent as two instances.
fn vendor_class_301() -> Vec<u8> {
    let mut v = b"gencaps-vendor-class/".to_vec();
    for i in 0..70 {
        v.extend_from_slice(std::format!("{i:03}.").as_bytes());
    }
    v
}

fn codes(p: &DhcpPacket<&[u8]>) -> Vec<u8> {
    p.options().map(|o| o.code).collect()
}

fn request_header<'a>(chaddr: &'a [u8]) -> DhcpRepr<'a> {
    DhcpRepr {
        op: Op::BootRequest,
        htype: 1,
        hops: 0,
        xid: 0x3903_f326,
        secs: 0,
        flags: Flags::empty(),
        ciaddr: Ipv4Addr::UNSPECIFIED,
        yiaddr: Ipv4Addr::UNSPECIFIED,
        siaddr: Ipv4Addr::UNSPECIFIED,
        giaddr: Ipv4Addr::UNSPECIFIED,
        chaddr,
        sname: &[],
        file: &[],
        options: OptionList::List(&[]),
        padding: 0,
    }
}

#[test]
fn deconstruct_discover_vector() {
    let bytes = discover();
    assert_eq!(bytes.len(), 303);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert_eq!(p.op(), Op::BootRequest);
    assert_eq!(p.hardware_type(), codec_link::arp::ArpHardware::Ethernet);
    assert_eq!((p.hardware_len(), p.hops()), (6, 0));
    assert_eq!(p.xid(), 0x3903_f326);
    assert_eq!(p.flags(), Flags::empty());
    assert_eq!(p.chaddr(), &[0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42]);
    assert_eq!(p.client_mac().unwrap().to_string(), "00:0b:82:01:fc:42");
    assert_eq!(p.server_name(), Some(&b""[..]));
    assert_eq!(p.boot_file(), Some(&b""[..]));
    assert_eq!(p.message_type(), Some(MessageType::Discover));
    assert_eq!(p.overload(), None);
    assert_eq!(p.end_offset(), Some(302));
    assert!(p.padding().is_empty());
    assert_eq!(codes(&p), [53, 61, 50, 57, 12, 60, 55]);
    let offsets: Vec<usize> = p.options().map(|o| o.offset).collect();
    assert_eq!(offsets, [240, 243, 252, 258, 262, 272, 282]);

    let typed: Vec<DhcpOption<'_>> = p
        .merged()
        .map(|o| DhcpOption::parse(o.code(), o.single().unwrap()).unwrap())
        .collect();
    assert_eq!(typed[0], DhcpOption::MessageType(MessageType::Discover));
    assert_eq!(
        typed[1],
        DhcpOption::ClientIdentifier(ClientId {
            kind: 1,
            id: &[0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42]
        })
    );
    assert_eq!(
        typed[2],
        DhcpOption::RequestedIpAddress(Ipv4Addr::new(192, 168, 0, 10))
    );
    assert_eq!(typed[3], DhcpOption::MaxMessageSize(1500));
    assert_eq!(typed[4], DhcpOption::HostName(Text(b"laptop-7")));
    assert_eq!(typed[5], DhcpOption::VendorClassIdentifier(b"MSFT 5.0"));
    let DhcpOption::ParameterRequestList(prl) = typed[6] else {
        panic!("{:?}", typed[6])
    };
    assert_eq!(
        prl.0,
        [
            1, 3, 6, 15, 28, 31, 33, 43, 44, 46, 47, 51, 58, 59, 119, 121, 249, 252
        ]
    );
    assert_eq!(prl.iter().nth(14), Some(OptionCode::DomainSearch));
    assert_eq!(
        p.to_string(),
        "DHCP Discover xid 0x3903f326 chaddr 00:0b:82:01:fc:42"
    );
    assert_eq!(typed[4].to_string(), "Host Name \"laptop-7\"");
    assert_eq!(
        typed[1].to_string(),
        "Client Identifier type 1 00:0b:82:01:fc:42"
    );
}

#[test]
fn deconstruct_ack_vector() {
    let bytes = ack();
    assert_eq!(bytes.len(), 324);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert_eq!(p.op(), Op::BootReply);
    assert_eq!(p.yiaddr(), Ipv4Addr::new(192, 168, 0, 10));
    assert_eq!(p.siaddr(), Ipv4Addr::new(192, 168, 0, 1));
    assert_eq!(p.ciaddr(), Ipv4Addr::UNSPECIFIED);
    assert_eq!(p.message_type(), Some(MessageType::Ack));
    assert_eq!(codes(&p), [53, 54, 51, 58, 59, 1, 28, 3, 6, 15, 121]);
    let mut scratch = [0u8; 0];
    let t = |code: u8| DhcpOption::parse(code, p.option(code).unwrap().single().unwrap()).unwrap();
    assert_eq!(
        t(54),
        DhcpOption::ServerIdentifier(Ipv4Addr::new(192, 168, 0, 1))
    );
    assert_eq!(t(51), DhcpOption::LeaseTime(86400));
    assert_eq!(t(58), DhcpOption::RenewalTime(43200));
    assert_eq!(t(59), DhcpOption::RebindingTime(75600));
    assert_eq!(
        t(1),
        DhcpOption::SubnetMask(Ipv4Addr::new(255, 255, 255, 0))
    );
    assert_eq!(
        t(28),
        DhcpOption::BroadcastAddress(Ipv4Addr::new(192, 168, 0, 255))
    );
    assert_eq!(t(15), DhcpOption::DomainName(Text(b"example.lan")));
    let DhcpOption::DomainNameServer(dns) = t(6) else {
        panic!()
    };
    assert_eq!(
        dns.iter().collect::<Vec<_>>(),
        [Ipv4Addr::new(192, 168, 0, 1), Ipv4Addr::new(8, 8, 8, 8)]
    );
    let DhcpOption::ClasslessStaticRoute(routes) = t(121) else {
        panic!()
    };
    assert_eq!(
        routes.iter().collect::<Vec<_>>(),
        [
            ClasslessRoute {
                destination: Ipv4Addr::new(10, 1, 2, 0),
                prefix_len: 24,
                router: Ipv4Addr::new(192, 168, 0, 254)
            },
            ClasslessRoute {
                destination: Ipv4Addr::UNSPECIFIED,
                prefix_len: 0,
                router: Ipv4Addr::new(192, 168, 0, 1)
            }
        ]
    );
    assert_eq!(
        p.option(6)
            .unwrap()
            .typed(&mut scratch)
            .unwrap()
            .to_string(),
        "Domain Name Server 192.168.0.1, 8.8.8.8"
    );
    assert_eq!(p.to_string(), "DHCP ACK xid 0x3903f326 yiaddr 192.168.0.10");
}

#[test]
fn parse_and_emit_vectors_byte_identical() {
    for bytes in [discover(), ack()] {
        let p = DhcpPacket::parse(&bytes[..]).unwrap();
        let r = DhcpRepr::parse(&p).unwrap();
        assert_eq!(r.buffer_len(), bytes.len());
        let mut out = std::vec![0xa5u8; bytes.len()];
        assert_eq!(r.emit(&mut out).unwrap(), bytes.len());
        assert_eq!(out, bytes);
        let back = DhcpPacket::parse(&out[..]).unwrap();
        assert_eq!(DhcpRepr::parse(&back).unwrap(), r);
        let e = r.emit(&mut out[..bytes.len() - 1]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::BufferTooSmall { .. }));
    }
}

#[test]
fn construct_discover_with_the_builder() {
    let chaddr = [0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42];
    let header = request_header(&chaddr);
    let mut buf = [0u8; 400];
    let mut b = DhcpBuilder::new(&mut buf, &header).unwrap();
    b.typed(&DhcpOption::MessageType(MessageType::Discover))
        .unwrap()
        .typed(&DhcpOption::ClientIdentifier(ClientId {
            kind: 1,
            id: &chaddr,
        }))
        .unwrap()
        .typed(&DhcpOption::RequestedIpAddress(Ipv4Addr::new(
            192, 168, 0, 10,
        )))
        .unwrap()
        .typed(&DhcpOption::MaxMessageSize(1500))
        .unwrap()
        .typed(&DhcpOption::HostName(Text(b"laptop-7")))
        .unwrap()
        .option(60, b"MSFT 5.0")
        .unwrap()
        .option(
            55,
            &[
                1, 3, 6, 15, 28, 31, 33, 43, 44, 46, 47, 51, 58, 59, 119, 121, 249, 252,
            ],
        )
        .unwrap();
    let n = b.finish().unwrap();
    assert_eq!(&buf[..n], &discover()[..]);

    // The same header padded to the BOOTP minimum.
    let mut buf = [0xffu8; 400];
    let mut b = DhcpBuilder::new(&mut buf, &header).unwrap();
    b.option(53, &[1]).unwrap();
    let n = b.finish_min_len(BOOTP_MIN_LEN).unwrap();
    assert_eq!(n, 300);
    assert_eq!(&buf[240..244], &[53, 1, 1, 255]);
    assert!(buf[244..300].iter().all(|&b| b == 0));
    let p = DhcpPacket::parse(&buf[..n]).unwrap();
    assert_eq!(p.padding().len(), 56);
    assert_eq!(DhcpRepr::parse(&p).unwrap().padding, 56);
}

#[test]
fn repr_from_a_list_round_trips() {
    let chaddr = [2, 0, 0, 0, 0x77, 2];
    let long = vendor_class_301();
    let list: [(u8, &[u8]); 4] = [(53, &[3]), (60, &long), (12, b"host"), (53, &[])];
    let mut r = request_header(&chaddr);
    r.options = OptionList::List(&list);
    r.sname = b"server";
    r.file = b"boot/pxe";
    r.flags = Flags::BROADCAST;
    let mut out = [0u8; 700];
    let n = r.emit(&mut out).unwrap();
    // 240 + 3 + (2 + 255 + 2 + 46) + 6 + 2 + END
    assert_eq!(n, r.buffer_len());
    assert_eq!(n, 240 + 3 + 305 + 6 + 2 + 1);
    let p = DhcpPacket::parse(&out[..n]).unwrap();
    assert_eq!(p.flags(), Flags::BROADCAST);
    assert_eq!(p.server_name(), Some(&b"server"[..]));
    assert_eq!(p.boot_file(), Some(&b"boot/pxe"[..]));
    assert_eq!(codes(&p), [53, 60, 60, 12, 53]);
    let parsed = DhcpRepr::parse(&p).unwrap();
    assert_eq!(parsed, r);
    // A different split of the same values is the same repr; a different value is not.
    let other: [(u8, &[u8]); 4] = [
        (53, &[3]),
        (60, &long[..10]),
        (60, &long[10..]),
        (12, b"host"),
    ];
    let mut r2 = r;
    r2.options = OptionList::List(&other);
    assert_eq!(parsed, r2);
    let wrong: [(u8, &[u8]); 2] = [(53, &[3]), (12, b"host")];
    r2.options = OptionList::List(&wrong);
    assert_ne!(parsed, r2);
}

#[test]
fn dhclient_offer_options_119_121_81() {
    let bytes = message(&DHCLIENT_OFFER_HEAD, &DHCLIENT_OFFER_OPTIONS);
    assert_eq!(bytes.len(), 415);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert_eq!(p.xid(), 1_686_922_588);
    assert_eq!(p.yiaddr(), Ipv4Addr::new(192, 168, 77, 112));
    assert_eq!(p.message_type(), Some(MessageType::Offer));
    // Wireshark's options[] of frame 6: type and pos (in the frame, 42 bytes of headers).
    let seen: Vec<(u8, usize)> = p.options().map(|o| (o.code, o.offset + 42)).collect();
    assert_eq!(
        seen,
        [
            (53, 282),
            (54, 285),
            (51, 291),
            (58, 297),
            (59, 303),
            (1, 309),
            (28, 315),
            (12, 321),
            (81, 339),
            (26, 361),
            (42, 365),
            (121, 371),
            (119, 393),
            (15, 422),
            (6, 440),
            (3, 450)
        ]
    );
    assert_eq!(p.end_offset(), Some(456 - 42));
    let mut scratch = [0u8; 0];
    let DhcpOption::DomainSearch(search) = p.option(119).unwrap().typed(&mut scratch).unwrap()
    else {
        panic!()
    };
    let names: Vec<std::string::String> = search.names().map(|n| n.to_string()).collect();
    assert_eq!(
        names,
        ["lab.example.test", "example.test", "corp.example.test"]
    );
    let DhcpOption::ClientFqdn(fqdn) = p.option(81).unwrap().typed(&mut scratch).unwrap() else {
        panic!()
    };
    assert_eq!(fqdn.flags, FqdnFlags::S | FqdnFlags::E);
    assert_eq!((fqdn.rcode1, fqdn.rcode2), (255, 255));
    assert_eq!(
        fqdn.labels().collect::<Vec<_>>(),
        [&b"gencaps-dhclient"[..]]
    );
    assert!(!fqdn.is_fully_qualified());
    let DhcpOption::ClasslessStaticRoute(routes) =
        p.option(121).unwrap().typed(&mut scratch).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        routes.to_string_via_option(),
        "Classless Static Route 10.10.0.0/16 via 192.168.77.1, 172.16.5.0/24 via 192.168.77.254, 0.0.0.0/0 via 192.168.77.1"
    );
    assert_eq!(
        p.option(26).unwrap().typed(&mut scratch).unwrap(),
        DhcpOption::InterfaceMtu(1400)
    );
    // The repr writes the same bytes back.
    let r = DhcpRepr::parse(&p).unwrap();
    let mut out = [0u8; 415];
    assert_eq!(r.emit(&mut out).unwrap(), 415);
    assert_eq!(&out[..], &bytes[..]);
}

trait RoutesDisplay {
    fn to_string_via_option(&self) -> std::string::String;
}

impl RoutesDisplay for ClasslessRoutes<'_> {
    fn to_string_via_option(&self) -> std::string::String {
        DhcpOption::ClasslessStaticRoute(*self).to_string()
    }
}

#[test]
fn rfc3396_split_vendor_class_of_dhclient() {
    // dhcp_dhclient.pcap frame 1 carries the 301-byte vendor class as instances of 255 and
    // 46 bytes (Wireshark: option 60 at 367, len 255, and at 624, len 46).
    let long = vendor_class_301();
    assert_eq!(long.len(), 301);
    let mut opts = std::vec![53, 1, 1];
    opts.extend_from_slice(&[60, 255]);
    opts.extend_from_slice(&long[..255]);
    opts.extend_from_slice(&[60, 46]);
    opts.extend_from_slice(&long[255..]);
    opts.push(255);
    let bytes = message(&DISCOVER_HEAD, &opts);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert!(p.is_split(60));
    let o = p.option(60).unwrap();
    assert!(o.is_split());
    assert_eq!(o.len(), 301);
    assert_eq!(
        o.fragments().map(<[u8]>::len).collect::<Vec<_>>(),
        [255, 46]
    );
    let mut buf = [0u8; 301];
    assert_eq!(o.join(&mut buf).unwrap(), &long[..]);
    let e = o.join(&mut [0u8; 300]).unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::BufferTooSmall {
            needed: 301,
            available: 300
        }
    );
    let mut scratch = [0u8; 512];
    assert_eq!(
        o.typed(&mut scratch).unwrap(),
        DhcpOption::VendorClassIdentifier(&long)
    );
    assert_eq!(p.merged().count(), 2);

    // The builder splits a typed 301-byte value the same way.
    let header = request_header(&DISCOVER_HEAD[28..34]);
    let mut out = [0u8; 700];
    let mut b = DhcpBuilder::new(&mut out, &header).unwrap();
    b.option(53, &[1]).unwrap();
    b.typed(&DhcpOption::VendorClassIdentifier(&long)).unwrap();
    let n = b.finish().unwrap();
    assert_eq!(&out[..n], &bytes[..]);
}

#[test]
fn rfc3396_non_adjacent_instances_are_joined() {
    // RFC 3396 §7's case: option 6 in two instances with another option between them.
    let opts = [6, 4, 192, 168, 0, 1, 53, 1, 5, 6, 4, 8, 8, 8, 8, 255];
    let bytes = message(&ACK_HEAD, &opts);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert_eq!(codes(&p), [6, 53, 6]);
    let merged: Vec<u8> = p.merged().map(|o| o.code()).collect();
    assert_eq!(merged, [6, 53]);
    let o = p.option(6).unwrap();
    assert_eq!(o.offset(), 240);
    let mut scratch = [0u8; 16];
    let DhcpOption::DomainNameServer(servers) = o.typed(&mut scratch).unwrap() else {
        panic!()
    };
    assert_eq!(
        servers.iter().collect::<Vec<_>>(),
        [Ipv4Addr::new(192, 168, 0, 1), Ipv4Addr::new(8, 8, 8, 8)]
    );
    // The repr writes them back adjacent, in the order of first appearance.
    let r = DhcpRepr::parse(&p).unwrap();
    let mut out = [0u8; 300];
    let n = r.emit(&mut out).unwrap();
    assert_eq!(&out[240..n], &opts[..]);
}

/// A DHCPACK whose options continue in `file` and `sname` (RFC 2132 §9.3, value 3).
fn overloaded() -> Vec<u8> {
    let mut m = message(&ACK_HEAD, &[53, 1, 5, 52, 1, 3, 6, 4, 192, 168, 0, 1, 255]);
    // file (read second): the rest of option 6, then END and PAD.
    let file = [6, 4, 8, 8, 8, 8, 15, 3, b'l', b'a', b'n', 255, 0];
    m[FILE_OFFSET..FILE_OFFSET + file.len()].copy_from_slice(&file);
    // sname (read last): a router, no END (the field is full of PAD after it).
    let sname = [3, 4, 192, 168, 0, 254];
    m[SNAME_OFFSET..SNAME_OFFSET + sname.len()].copy_from_slice(&sname);
    m
}

#[test]
fn overload_walks_options_then_file_then_sname() {
    let bytes = overloaded();
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    assert_eq!(p.overload(), Some(Overload::Both));
    let walk: Vec<(u8, Region, usize)> =
        p.options().map(|o| (o.code, o.region, o.offset)).collect();
    assert_eq!(
        walk,
        [
            (53, Region::Options, 240),
            (52, Region::Options, 243),
            (6, Region::Options, 246),
            (6, Region::File, 108),
            (15, Region::File, 114),
            (3, Region::Sname, 44),
        ]
    );
    assert_eq!(p.server_name(), None);
    assert_eq!(p.boot_file(), None);
    let mut scratch = [0u8; 8];
    let dns = p.option(6).unwrap();
    assert_eq!(
        dns.join(&mut scratch).unwrap(),
        &[192, 168, 0, 1, 8, 8, 8, 8]
    );
    assert_eq!(
        p.option(3).unwrap().typed(&mut scratch).unwrap(),
        DhcpOption::Router(Addrs::new(&[192, 168, 0, 254]).unwrap())
    );
    // The repr moves everything into the options field.
    let r = DhcpRepr::parse(&p).unwrap();
    assert_eq!((r.sname, r.file), (&[][..], &[][..]));
    let mut out = [0u8; 400];
    let n = r.emit(&mut out).unwrap();
    let q = DhcpPacket::parse(&out[..n]).unwrap();
    assert_eq!(codes(&q), [53, 52, 6, 6, 15, 3]);
    assert_eq!(
        q.server_name(),
        None,
        "option 52 still says sname carries options"
    );
    assert_eq!(DhcpRepr::parse(&q).unwrap().options, r.options);

    // With option 52 = 1 only `file` is read; `sname` is a name again.
    let mut one = bytes.clone();
    one[245] = 1;
    let p = DhcpPacket::parse(&one[..]).unwrap();
    assert_eq!(codes(&p), [53, 52, 6, 6, 15]);
    assert_eq!(p.server_name(), Some(&[3u8, 4, 192, 168][..]));
    // Without option 52 neither is.
    let plain = message(&ACK_HEAD, &[53, 1, 5, 255]);
    let mut plain = plain;
    plain[FILE_OFFSET] = 6;
    let p = DhcpPacket::parse(&plain[..]).unwrap();
    assert_eq!(codes(&p), [53]);
}

#[test]
fn rejected_inputs_with_offsets() {
    let bytes = discover();
    let e = DhcpPacket::parse(&bytes[..239]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (
            0,
            ErrorKind::Truncated {
                needed: 240,
                available: 239
            }
        )
    );
    let mut bad = bytes.clone();
    bad[239] = 0x64;
    let e = DhcpPacket::parse(&bad[..]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (
            236,
            ErrorKind::BadValue {
                field: Field::Magic,
                value: 0x6382_5364
            }
        )
    );
    let mut bad = bytes.clone();
    bad[2] = 17;
    let e = DhcpPacket::parse(&bad[..]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (
            2,
            ErrorKind::BadValue {
                field: Field::HardwareLength,
                value: 17
            }
        )
    );
    // Missing END: the options field ends at 302.
    let e = DhcpPacket::parse(&bytes[..302]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (302, ErrorKind::Missing { field: Field::End })
    );
    // The parameter request list (at 282, length byte 283) cut: runs past the end.
    let e = DhcpPacket::parse(&bytes[..290]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (
            283,
            ErrorKind::BadLength {
                field: Field::OptionLength,
                value: 18
            }
        )
    );
    // The lax parse keeps the intact options before the damage.
    let p = DhcpPacket::parse_lax(&bytes[..290]).unwrap();
    assert_eq!(codes(&p), [53, 61, 50, 57, 12, 60]);
    assert_eq!(p.options_error().unwrap().offset(), 283);
    assert_eq!(p.message_type(), Some(MessageType::Discover));
    let mut walk = p.options();
    assert_eq!(walk.by_ref().count(), 6);
    assert_eq!(walk.error(), p.options_error());
    assert_eq!(DhcpRepr::parse(&p).unwrap_err().offset(), 283);
    // A bad overload value.
    let bad = message(&ACK_HEAD, &[52, 1, 4, 255]);
    let e = DhcpPacket::parse(&bad[..]).unwrap_err();
    assert_eq!(
        (e.offset(), e.kind()),
        (
            242,
            ErrorKind::BadValue {
                field: Field::OptionValue,
                value: 4
            }
        )
    );
    // An option in `file` running past the field.
    let mut bad = message(&ACK_HEAD, &[52, 1, 1, 255]);
    bad[FILE_OFFSET + 126] = 12;
    bad[FILE_OFFSET + 127] = 5;
    let e = DhcpPacket::parse(&bad[..]).unwrap_err();
    assert_eq!(e.offset(), FILE_OFFSET + 127);
}

#[test]
fn typed_option_errors() {
    let bad_len = |code: u8, data: &[u8]| DhcpOption::parse(code, data).unwrap_err().kind();
    assert_eq!(
        bad_len(1, &[255, 255, 255]),
        ErrorKind::BadLength {
            field: Field::OptionLength,
            value: 3
        }
    );
    assert_eq!(
        bad_len(6, &[8, 8, 8, 8, 8]),
        ErrorKind::BadLength {
            field: Field::OptionLength,
            value: 5
        }
    );
    assert_eq!(
        bad_len(3, &[]),
        ErrorKind::BadLength {
            field: Field::OptionLength,
            value: 0
        }
    );
    assert_eq!(
        bad_len(19, &[2]),
        ErrorKind::BadValue {
            field: Field::OptionValue,
            value: 2
        }
    );
    assert_eq!(
        bad_len(121, &[33, 10, 0, 0, 0, 0, 1, 1, 1, 1]),
        ErrorKind::BadValue {
            field: Field::OptionValue,
            value: 33
        }
    );
    assert!(DhcpOption::parse(121, &[24, 10, 1, 2, 192, 168, 0]).is_err());
    assert!(DhcpOption::parse(82, &[1, 5, b'a']).is_err());
    assert!(DhcpOption::parse(77, &[3, b'a', b'b']).is_err());
    assert!(DhcpOption::parse(125, &[0, 0, 0, 9, 4, 1]).is_err());
    assert!(DhcpOption::parse(61, &[1]).is_err());
    assert!(DhcpOption::parse(0, &[]).is_err());
    assert!(DhcpOption::parse(255, &[]).is_err());
    // 119: a forward pointer, a loop and a label past the end.
    let e = DhcpOption::parse(119, &[0xc0, 0x02, 0]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ForwardPointer { target: 2 });
    assert!(DhcpOption::parse(119, &[0xc0, 0x00]).is_err());
    assert!(DhcpOption::parse(119, &[3, b'a', b'b']).is_err());
    // Option 68 alone may be empty.
    assert_eq!(
        DhcpOption::parse(68, &[]).unwrap(),
        DhcpOption::MobileIpHomeAgent(Addrs::new(&[]).unwrap())
    );
    assert_eq!(
        DhcpOption::parse(250, &[1, 2]).unwrap(),
        DhcpOption::Unknown {
            code: 250,
            data: &[1, 2]
        }
    );
    // Offsets of a typed error count in the message for an option with one instance.
    let bytes = message(&ACK_HEAD, &[53, 1, 5, 19, 1, 7, 255]);
    let p = DhcpPacket::parse(&bytes[..]).unwrap();
    let e = p.option(19).unwrap().typed(&mut [0u8; 0]).unwrap_err();
    assert_eq!(e.offset(), 245);
}

#[test]
fn typed_values_of_captures_and_rfcs() {
    // tcpdump_dhcp-rfc3004.pcap frame 1: option 77 with three classes.
    let uc = b"\x07subopt1\x11subopt2-123456789\x0asubopt3-12";
    let DhcpOption::UserClass(u) = DhcpOption::parse(77, uc).unwrap() else {
        panic!()
    };
    assert_eq!(
        u.iter().collect::<Vec<_>>(),
        [&b"subopt1"[..], b"subopt2-123456789", b"subopt3-12"]
    );
    // RFC 3046 §3.1/§3.2: circuit ID and remote ID.
    let ai = [1, 4, 0, 1, 0, 7, 2, 6, 0, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e];
    let DhcpOption::RelayAgentInfo(info) = DhcpOption::parse(82, &ai).unwrap() else {
        panic!()
    };
    let subs: Vec<_> = info.iter().map(|s| (s.code, s.data)).collect();
    assert_eq!(
        subs,
        [
            (RelaySubOptionCode::CircuitId, &[0, 1, 0, 7][..]),
            (
                RelaySubOptionCode::RemoteId,
                &[0, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e][..]
            )
        ]
    );
    // RFC 3925 §4: enterprise 3561 (Broadband Forum) with 6 bytes of sub-options.
    let vi = [0, 0, 0x0d, 0xe9, 6, 1, 4, b'a', b'b', b'c', b'd'];
    let DhcpOption::VendorIdentifying(v) = DhcpOption::parse(125, &vi).unwrap() else {
        panic!()
    };
    assert_eq!(v.iter().collect::<Vec<_>>(), [(3561, &vi[5..])]);
    // dhclient frame 1's FQDN: flags 0x05, a fully qualified wire name.
    let fq = b"\x05\x00\x00\x10gencaps-dhclient\x03lab\x07example\x04test\x00";
    let DhcpOption::ClientFqdn(f) = DhcpOption::parse(81, fq).unwrap() else {
        panic!()
    };
    assert!(f.is_fully_qualified());
    assert_eq!(f.labels().count(), 4);
    // Every typed value writes back the bytes it was read from.
    for (code, data) in [
        (77u8, &uc[..]),
        (82, &ai[..]),
        (125, &vi[..]),
        (81, &fq[..]),
        (25, &[0x05, 0xdc, 0x02, 0x40][..]),
        (33, &[10, 0, 0, 0, 192, 168, 0, 1][..]),
        (2, &[0xff, 0xff, 0xc7, 0xc0][..]),
        (46, &[8][..]),
        (52, &[3][..]),
    ] {
        let o = DhcpOption::parse(code, data).unwrap();
        assert_eq!(o.code(), code);
        assert_eq!(o.value_len(), data.len());
        let mut out = std::vec![0u8; data.len()];
        o.write_value(&mut out).unwrap();
        assert_eq!(out, data);
    }
    assert_eq!(
        DhcpOption::parse(2, &[0xff, 0xff, 0xc7, 0xc0]).unwrap(),
        DhcpOption::TimeOffset(-14400)
    );
    assert_eq!(
        DhcpOption::parse(46, &[8]).unwrap().to_string(),
        "NetBIOS Node Type H-node"
    );
}

#[test]
fn relay_replaces_and_appends_option_82() {
    let bytes = discover();
    let mut out = [0u8; 600];
    let circuit = [1, 3, b'p', b'1', b'0'];
    let n = set_agent_info(&bytes, &circuit, AgentInfoPolicy::Replace, &mut out).unwrap();
    assert_eq!(n, 303 + 7);
    assert_eq!(&out[302..310], &[82, 5, 1, 3, b'p', b'1', b'0', 255]);
    assert_eq!(&out[..302], &bytes[..302]);
    // Appending a remote ID keeps the circuit ID.
    let mut again = [0u8; 700];
    let remote = [2, 2, 0xab, 0xcd];
    let m = set_agent_info(&out[..n], &remote, AgentInfoPolicy::Append, &mut again).unwrap();
    let p = DhcpPacket::parse(&again[..m]).unwrap();
    assert_eq!(
        p.option(82).unwrap().single().unwrap(),
        &[1, 3, b'p', b'1', b'0', 2, 2, 0xab, 0xcd]
    );
    // Replacing drops it.
    let m = set_agent_info(&out[..n], &remote, AgentInfoPolicy::Replace, &mut again).unwrap();
    let p = DhcpPacket::parse(&again[..m]).unwrap();
    assert_eq!(p.option(82).unwrap().single().unwrap(), &remote);
    assert_eq!(codes(&p), [53, 61, 50, 57, 12, 60, 55, 82]);
    // The padding of a 300-byte message absorbs the option.
    let mut padded = message(&ACK_HEAD, &[53, 1, 5, 255]);
    padded.resize(300, 0);
    let m = set_agent_info(&padded, &circuit, AgentInfoPolicy::Replace, &mut again).unwrap();
    assert_eq!(m, 300);
    assert_eq!(
        &again[240..251],
        &[53, 1, 5, 82, 5, 1, 3, b'p', b'1', b'0', 255]
    );
    // Over 255 bytes, the value is split (RFC 3396).
    let mut big = Vec::new();
    for _ in 0..50 {
        big.extend_from_slice(&[9, 4, 1, 2, 3, 4]);
    }
    let m = set_agent_info(&bytes, &big, AgentInfoPolicy::Replace, &mut again).unwrap();
    let p = DhcpPacket::parse(&again[..m]).unwrap();
    let o = p.option(82).unwrap();
    assert_eq!(
        o.fragments().map(<[u8]>::len).collect::<Vec<_>>(),
        [255, 45]
    );
    let mut scratch = [0u8; 300];
    assert_eq!(o.join(&mut scratch).unwrap(), &big[..]);
    // Errors: a bad sub-option list, a short buffer.
    assert!(set_agent_info(&bytes, &[1, 9, 0], AgentInfoPolicy::Replace, &mut again).is_err());
    assert!(matches!(
        set_agent_info(
            &bytes,
            &circuit,
            AgentInfoPolicy::Replace,
            &mut again[..309]
        )
        .unwrap_err()
        .kind(),
        ErrorKind::BufferTooSmall { .. }
    ));
}

#[test]
fn in_place_setters_for_relays() {
    let mut bytes = discover();
    let mut p = DhcpPacket::parse(&mut bytes[..]).unwrap();
    p.set_hops(1);
    p.set_giaddr(Ipv4Addr::new(10, 0, 0, 1));
    p.set_flags(Flags::BROADCAST);
    p.set_xid(7);
    p.set_yiaddr(Ipv4Addr::new(10, 0, 0, 9));
    assert_eq!(bytes[3], 1);
    assert_eq!(&bytes[24..28], &[10, 0, 0, 1]);
    assert_eq!(&bytes[10..12], &[0x80, 0]);
    assert_eq!(&bytes[4..8], &[0, 0, 0, 7]);
    assert_eq!(&bytes[16..20], &[10, 0, 0, 9]);
}

#[test]
fn builder_rejects_bad_input() {
    let header = request_header(&[0; 17]);
    let mut buf = [0u8; 300];
    assert!(matches!(
        DhcpBuilder::new(&mut buf, &header).unwrap_err().kind(),
        ErrorKind::TooLong { .. }
    ));
    let header = request_header(&[1; 6]);
    assert!(DhcpBuilder::new(&mut buf[..239], &header).is_err());
    let mut b = DhcpBuilder::new(&mut buf, &header).unwrap();
    assert_eq!(
        b.option(255, &[]).unwrap_err().kind(),
        ErrorKind::BadValue {
            field: Field::OptionType,
            value: 255
        }
    );
    assert!(b.option(60, &[0; 100]).is_err(), "no room for 102 bytes");
    assert_eq!(b.position(), 240);
    b.option(60, &[]).unwrap();
    assert_eq!(b.finish().unwrap(), 243);
}

#[test]
fn domain_search_uses_the_dns_name_code_over_the_joined_value() {
    // dhclient.pcap frame 6's option 119 comes back from the compressing writer byte for byte.
    let names = ["lab.example.test", "example.test", "corp.example.test"];
    let mut value = [0u8; 64];
    let n = encode_domain_search(&names, &mut value).unwrap();
    assert_eq!(&value[..n], &DHCLIENT_OFFER_OPTIONS[113..140]);

    // RFC 3397 §2 with RFC 3396: a list over 255 bytes is split in two instances, and a
    // pointer in the second instance points into the first (offsets in the joined value).
    let long: Vec<std::string::String> = (0..12)
        .map(|i| std::format!("host-number-{i:02}.department-{i:02}.example.org"))
        .collect();
    let refs: Vec<&str> = long.iter().map(std::string::String::as_str).collect();
    let mut value = [0u8; 1024];
    let n = encode_domain_search(&refs, &mut value).unwrap();
    assert!(n > 255, "{n}");
    let header = request_header(&[1, 2, 3, 4, 5, 6]);
    let mut buf = [0u8; 1500];
    let mut b = DhcpBuilder::new(&mut buf, &header).unwrap();
    b.option(53, &[1])
        .unwrap()
        .option(119, &value[..n])
        .unwrap();
    let len = b.finish().unwrap();
    let p = DhcpPacket::parse(&buf[..len]).unwrap();
    let o = p.option(119).unwrap();
    assert!(o.is_split());
    let second = o.fragments().nth(1).unwrap();
    assert!(
        second.windows(2).any(|w| w[0] >= 0xc0),
        "the second instance carries a pointer"
    );
    // The first instance alone ends inside a name; the joined value is a valid list.
    assert!(DhcpOption::parse(119, o.first()).is_err());
    let mut scratch = [0u8; 1024];
    let DhcpOption::DomainSearch(search) = o.typed(&mut scratch).unwrap() else {
        panic!()
    };
    let back: Vec<std::string::String> = search.names().map(|n| n.to_string()).collect();
    assert_eq!(back, long);
    // Errors come from the name code, attributed to DHCP.
    let e = DhcpOption::parse(119, &[3, b'a', b'b', b'c', 0xc0, 0x09]).unwrap_err();
    assert_eq!(e.protocol(), Protocol::Dhcp);
    assert!(matches!(e.kind(), ErrorKind::ForwardPointer { .. }));
}

#[test]
fn merged_stops_at_damage_like_the_instance_walk() {
    // A bad option 52 after two good options, then more options: both walks stop there.
    let bytes = message(
        &ACK_HEAD,
        &[
            53, 1, 5, 1, 4, 255, 255, 255, 0, 52, 1, 9, 3, 4, 1, 2, 3, 4, 255,
        ],
    );
    let p = DhcpPacket::parse_lax(&bytes[..]).unwrap();
    assert_eq!(p.options_error().unwrap().offset(), 251);
    assert_eq!(codes(&p), [53, 1]);
    assert_eq!(p.merged().map(|o| o.code()).collect::<Vec<_>>(), [53, 1]);
    assert!(DhcpPacket::parse(&bytes[..]).is_err());
}

#[test]
fn builder_values_of_every_length_round_trip() {
    // The builder copies short values in fixed-size chunks: every length writes exactly
    // its bytes, raw and typed, and leaves the byte after them alone.
    let value: Vec<u8> = (1..=300u16).map(|i| (i % 251) as u8 + 1).collect();
    for n in 0..=300 {
        let v = &value[..n];
        for typed in [false, true] {
            let mut buf = [0xaau8; 700];
            let mut b = DhcpBuilder::new(&mut buf, &request_header(&[1, 2, 3, 4, 5, 6])).unwrap();
            if typed {
                b.typed(&DhcpOption::Unknown { code: 250, data: v })
                    .unwrap();
            } else {
                b.option(250, v).unwrap();
            }
            let at = b.position();
            assert_eq!(at, HEADER_LEN + builder::encoded_len(n));
            assert_eq!(buf[at], 0xaa, "length {n}");
            let len = DhcpBuilder::new(&mut buf, &request_header(&[1, 2, 3, 4, 5, 6]))
                .and_then(|mut b| {
                    if typed {
                        b.typed(&DhcpOption::Unknown { code: 250, data: v })?;
                    } else {
                        b.option(250, v)?;
                    }
                    b.finish()
                })
                .unwrap();
            let p = DhcpPacket::parse(&buf[..len]).unwrap();
            let mut scratch = [0u8; 300];
            assert_eq!(p.option(250).unwrap().value(&mut scratch).unwrap(), v);
        }
    }
    // Fixed values: exactly their bytes.
    let mut buf = [0xaau8; 300];
    let mut b = DhcpBuilder::new(&mut buf, &request_header(&[1, 2, 3, 4, 5, 6])).unwrap();
    b.typed(&DhcpOption::MessageType(MessageType::Ack)).unwrap();
    b.typed(&DhcpOption::MaxMessageSize(1500)).unwrap();
    b.typed(&DhcpOption::LeaseTime(86400)).unwrap();
    let at = b.position();
    assert_eq!(
        &buf[HEADER_LEN..at + 1],
        &[53, 1, 5, 57, 2, 5, 220, 51, 4, 0, 1, 81, 128, 0xaa]
    );
}

#[test]
fn read_matches_parse() {
    // The one-pass reader meets the same damage, at the same offsets, as `parse`.
    let good = discover();
    let mut cases: Vec<Vec<u8>> = std::vec![good.clone()];
    for cut in [241, 250, 260, 280, 300] {
        cases.push(good[..cut].to_vec());
    }
    let mut long = good.clone();
    long[241] = 200;
    cases.push(long);
    let mut overload = good.clone();
    overload[240..243].copy_from_slice(&[52, 1, 9]);
    cases.push(overload);
    // Option 52 of the wrong length.
    let mut overload_len = good.clone();
    overload_len[240..244].copy_from_slice(&[52, 2, 1, 1]);
    cases.push(overload_len);
    // `file` overloaded (option 52 in place of the 3-byte message type): an intact
    // option in it, then one running past the field.
    let mut in_file = good.clone();
    in_file[240..243].copy_from_slice(&[52, 1, 1]);
    in_file[FILE_OFFSET..FILE_OFFSET + 6].copy_from_slice(&[3, 4, 10, 0, 0, 1]);
    in_file[FILE_OFFSET + 6..FILE_OFFSET + 8].copy_from_slice(&[6, 200]);
    cases.push(in_file.clone());
    // ... and `file` and `sname` overloaded, both intact (no END: filled with PAD).
    in_file[242] = 3;
    in_file[FILE_OFFSET + 6..FILE_OFFSET + 8].copy_from_slice(&[0, 0]);
    in_file[SNAME_OFFSET..SNAME_OFFSET + 6].copy_from_slice(&[6, 4, 8, 8, 8, 8]);
    cases.push(in_file);
    for bytes in &cases {
        let parsed = DhcpPacket::parse(&bytes[..]);
        let (_, mut walk) = read(&bytes[..]).unwrap();
        let mut n = 0;
        for o in walk.by_ref() {
            let _ = o.typed();
            n += 1;
        }
        match parsed {
            Ok(p) => {
                assert_eq!(walk.error(), None);
                assert_eq!(n, p.options().count());
            }
            Err(e) => assert_eq!(walk.error(), Some(e)),
        }
    }
}
