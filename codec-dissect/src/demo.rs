//! The built-in demonstration: the dial-up session of the seed trace "A short story of TCP",
//! built message by message with the family's own builders.
//!
//! Host `polaris` (141.2.28.110) dials an access server: LCP, PAP, CCP and IPCP negotiate
//! the link (PPP control packets from [`codec_link::ppp`]), then four DNS lookups go to
//! 141.2.22.74 and an anonymous FTP session runs against 141.2.150.16: the control
//! connection, `PORT`, `RETR` of a 26752-byte file over a data connection, `QUIT`. Every
//! datagram is written by [`PacketBuilder`] (IPv4, TCP, UDP with their lengths and
//! checksums), the DNS messages by [`codec_app::dns`] and the FTP lines by
//! [`codec_app::ftp`]. The bytes equal `../shared/vectors/seed_story.jsonl` message for
//! message (a test checks every one).
//!
//! Where the 1990s log elides bytes, the message carries an explicit placeholder and says
//! so in [`Message::placeholder`]: the PAP password (hidden in the log: sent empty), the
//! last 11 bytes of the fourth DNS response (filled with the conjecture the vector notes
//! derive from the logged UDP checksum), and the 19 data-connection payloads (zeros around
//! the bytes the log shows, with one compensating 16-bit word so that the payload's
//! one's-complement sum, and therefore the TCP checksum the builder computes, is the one the
//! log prints: the headers are byte-exact).
//!
//! ```
//! let story = codec_dissect::demo::seed_story()?;
//! assert_eq!(story.len(), 100);
//! assert_eq!(story.iter().filter(|m| m.placeholder.is_some()).count(), 21);
//! // The first message: polaris's LCP Configure-Request without options, in a PPP frame.
//! assert_eq!(story[0].frame, [0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04]);
//! # Ok::<(), codec_core::Error>(())
//! ```

use codec_core::checksum::ones_complement_sum;
use codec_core::{Error, Result};
use codec_inet::builder::{NetworkRepr, PacketBuilder, TransportRepr};
use codec_inet::ip::IpProtocol;
use codec_inet::ipv4::{Ipv4Flags, Ipv4Repr};
use codec_inet::tcp::{TcpFlags, TcpRepr};
use codec_inet::udp::UdpRepr;
use codec_link::ppp::ccp::{Ccp, CcpOption};
use codec_link::ppp::control::{ControlData, ControlProtocol, ControlRepr, OptionList};
use codec_link::ppp::ipcp::{IpCompression, Ipcp, IpcpOption};
use codec_link::ppp::lcp::{AuthProtocol, ChapAlgorithm, EndpointClass, Lcp, LcpOption};
use codec_link::ppp::pap::{PapMessage, PapRepr};
use codec_link::ppp::{PppProtocol, PppRepr};
use core::net::Ipv4Addr;
use std::io::{self, Write};

/// Host `polaris`, the dialling machine.
pub const POLARIS: Ipv4Addr = Ipv4Addr::new(141, 2, 28, 110);
/// The name server.
pub const NAME_SERVER: Ipv4Addr = Ipv4Addr::new(141, 2, 22, 74);
/// The FTP server `diamant`.
pub const FTP_SERVER: Ipv4Addr = Ipv4Addr::new(141, 2, 150, 16);

/// One message of the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Position in the log (the vectors' `index`).
    pub index: usize,
    /// Sent by polaris (else received).
    pub sent: bool,
    /// The PPP frame: address, control, protocol, information.
    pub frame: Vec<u8>,
    /// Why part of the message is a stand-in for bytes the log does not give, if it is.
    pub placeholder: Option<&'static str>,
}

impl Message {
    /// The PPP information field: the control packet or the IP datagram.
    #[must_use]
    pub fn information(&self) -> &[u8] {
        self.frame.get(4..).unwrap_or_default()
    }
}

/// A PPP frame around `info` as the log's link writes it: `FF 03`, two-byte protocol.
fn ppp_frame(
    protocol: PppProtocol,
    info_len: usize,
    info: impl FnOnce(&mut [u8]) -> Result<usize>,
) -> Result<Vec<u8>> {
    let header = PppRepr {
        address_control: true,
        protocol,
        compress_protocol: false,
    };
    let mut frame = vec![0u8; header.buffer_len() + info_len];
    let at = header.emit(&mut frame)?;
    let n = info(frame.get_mut(at..).unwrap_or_default())?;
    frame.truncate(at + n);
    Ok(frame)
}

fn control<P: ControlProtocol>(protocol: PppProtocol, repr: ControlRepr<'_, P>) -> Result<Vec<u8>> {
    ppp_frame(protocol, repr.buffer_len(), |b| repr.emit(b))
}

fn lcp(identifier: u8, data: ControlData<'_, LcpOption<'_>>) -> Result<Vec<u8>> {
    control::<Lcp>(PppProtocol::Lcp, ControlRepr { identifier, data })
}

fn ipcp(identifier: u8, data: ControlData<'_, IpcpOption<'_>>) -> Result<Vec<u8>> {
    control::<Ipcp>(PppProtocol::Ipcp, ControlRepr { identifier, data })
}

/// The link negotiation, messages 0–19.
fn negotiation(story: &mut Story) -> Result<()> {
    use ControlData::{ConfigureAck, ConfigureNak, ConfigureReject, ConfigureRequest};
    let chap_md5 = LcpOption::AuthProtocol(AuthProtocol::Chap(ChapAlgorithm::Md5));
    let pap = LcpOption::AuthProtocol(AuthProtocol::Pap);
    // The access server's type-0 option is 4 bytes where RFC 2153 needs 6: kept as sent.
    let peer_rejected = [
        LcpOption::Malformed {
            kind: 0,
            data: &[0, 0],
        },
        LcpOption::Mrru(1500),
        LcpOption::EndpointDiscriminator {
            class: EndpointClass::Ieee802,
            address: &[0x00, 0xc0, 0x7b, 0x52, 0x3b, 0xcc],
        },
    ];
    let [malformed, mrru, endpoint] = peer_rejected;
    story.ppp(true, lcp(1, ConfigureRequest(OptionList::Typed(&[])))?);
    story.ppp(
        false,
        lcp(
            1,
            ConfigureRequest(OptionList::Typed(&[malformed, chap_md5, mrru, endpoint])),
        )?,
    );
    story.ppp(
        true,
        lcp(1, ConfigureReject(OptionList::Typed(&peer_rejected)))?,
    );
    story.ppp(false, lcp(1, ConfigureAck(OptionList::Typed(&[])))?);
    story.ppp(
        false,
        lcp(2, ConfigureRequest(OptionList::Typed(&[chap_md5])))?,
    );
    story.ppp(true, lcp(2, ConfigureNak(OptionList::Typed(&[pap])))?);
    story.ppp(false, lcp(3, ConfigureRequest(OptionList::Typed(&[pap])))?);
    story.ppp(true, lcp(3, ConfigureAck(OptionList::Typed(&[pap])))?);
    let auth = PapRepr {
        identifier: 2,
        message: PapMessage::AuthenticateRequest {
            peer_id: b"zapf",
            password: b"",
        },
    };
    story.placeholder(
        true,
        ppp_frame(PppProtocol::Pap, auth.buffer_len(), |b| auth.emit(b))?,
        "the log hides the PAP password and its length: sent empty",
    );
    let ack = PapRepr {
        identifier: 2,
        message: PapMessage::AuthenticateAck { message: b"" },
    };
    story.ppp(
        false,
        ppp_frame(PppProtocol::Pap, ack.buffer_len(), |b| ack.emit(b))?,
    );
    // Ascend's 6-byte LZS option (RFC 1974 says 5): kept as sent.
    let lzs = [CcpOption::Malformed {
        kind: 17,
        data: &[0x00, 0x01, 0x01, 0x03],
    }];
    story.ppp(
        false,
        control::<Ccp>(
            PppProtocol::Ccp,
            ControlRepr {
                identifier: 1,
                data: ConfigureRequest(OptionList::Typed(&lzs)),
            },
        )?,
    );
    // polaris runs no CCP: Protocol-Reject, with no copy of the rejected packet.
    story.ppp(
        true,
        lcp(
            3,
            ControlData::ProtocolReject {
                protocol: PppProtocol::Ccp,
                information: &[],
            },
        )?,
    );
    let vj = IpcpOption::IpCompression(IpCompression::VanJacobson {
        max_slot_id: 15,
        comp_slot_id: 1,
    });
    let server = IpcpOption::IpAddress(Ipv4Addr::new(141, 2, 29, 2));
    let unknown = IpcpOption::IpAddress(Ipv4Addr::UNSPECIFIED);
    let assigned = IpcpOption::IpAddress(POLARIS);
    story.ppp(
        false,
        ipcp(1, ConfigureRequest(OptionList::Typed(&[vj, server])))?,
    );
    story.ppp(true, ipcp(1, ConfigureReject(OptionList::Typed(&[vj])))?);
    story.ppp(
        false,
        ipcp(2, ConfigureRequest(OptionList::Typed(&[server])))?,
    );
    story.ppp(true, ipcp(2, ConfigureAck(OptionList::Typed(&[server])))?);
    // Logged as a Configure-Ack (code 2) though it asks for an address: kept as logged.
    story.ppp(true, ipcp(1, ConfigureAck(OptionList::Typed(&[unknown])))?);
    story.ppp(
        false,
        ipcp(1, ConfigureNak(OptionList::Typed(&[assigned])))?,
    );
    story.ppp(
        true,
        ipcp(2, ConfigureRequest(OptionList::Typed(&[assigned])))?,
    );
    story.ppp(
        false,
        ipcp(2, ConfigureAck(OptionList::Typed(&[assigned])))?,
    );
    Ok(())
}

/// The IP fields of one datagram that are not lengths or checksums.
#[derive(Debug, Clone, Copy)]
struct Ip {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    tos: u8,
    ident: u16,
    ttl: u8,
}

fn ipv4(ip: Ip) -> NetworkRepr<'static> {
    NetworkRepr::Ipv4(Ipv4Repr {
        src_addr: ip.src,
        dst_addr: ip.dst,
        protocol: IpProtocol::Tcp,
        ttl: ip.ttl,
        dscp: ip.tos >> 2,
        ecn: ip.tos & 3,
        ident: ip.ident,
        flags: Ipv4Flags::empty(),
        frag_offset: 0,
        options: &[],
        payload_len: 0,
    })
}

/// A datagram in a PPP frame; `payload` writes the transport payload in place.
fn datagram(
    network: NetworkRepr<'_>,
    transport: TransportRepr<'_>,
    payload_len: usize,
    payload: impl FnOnce(&mut [u8]) -> Result<()>,
) -> Result<Vec<u8>> {
    let builder = PacketBuilder {
        ethernet: None,
        network,
        transport,
    };
    ppp_frame(PppProtocol::Ipv4, builder.buffer_len(payload_len), |b| {
        builder.emit(b, payload_len, payload)
    })
}

/// A payload the log elides: `len` bytes, zero but for what the log shows at its start and
/// end, and one 16-bit word (at an even offset in the middle) that brings the one's-
/// complement sum to `sum`, the value the logged TCP checksum implies.
fn elided_payload(len: usize, prefix: &[u8], suffix: &[u8], sum: u16) -> Vec<u8> {
    let mut p = vec![0u8; len];
    if let Some(head) = p.get_mut(..prefix.len()) {
        head.copy_from_slice(prefix);
    }
    if let Some(tail) = p.get_mut(len.saturating_sub(suffix.len())..) {
        tail.copy_from_slice(suffix);
    }
    let at = (len / 2) & !1;
    let have = ones_complement_sum(&p);
    // In one's-complement arithmetic, the word w with have + w = sum is sum - have.
    let diff = u32::from(sum) + u32::from(!have);
    let word = ((diff & 0xffff) + (diff >> 16)) as u16;
    if let Some(w) = p.get_mut(at..at + 2) {
        w.copy_from_slice(&word.to_be_bytes());
    }
    p
}

/// One side of a TCP connection: its address, port, next sequence number to send and next
/// one expected.
#[derive(Debug, Clone, Copy)]
struct Endpoint {
    addr: Ipv4Addr,
    port: u16,
    snd_nxt: u32,
    rcv_nxt: u32,
}

/// A TCP connection between polaris (the client) and a server: sequence and
/// acknowledgment numbers follow from what each side sent.
#[derive(Debug, Clone, Copy)]
struct Connection {
    client: Endpoint,
    server: Endpoint,
}

/// How one segment differs from the defaults.
#[derive(Debug, Clone, Copy)]
struct Seg<'a> {
    flags: TcpFlags,
    window: u16,
    options: &'a [u8],
}

impl Connection {
    /// The segment `from_client` sends with `payload_len` payload bytes written by `payload`;
    /// advances the sender's sequence number.
    fn segment(
        &mut self,
        from_client: bool,
        ip: Ip,
        seg: Seg<'_>,
        payload_len: usize,
        payload: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<Vec<u8>> {
        let (from, to) = if from_client {
            (&mut self.client, &mut self.server)
        } else {
            (&mut self.server, &mut self.client)
        };
        let ack = if seg.flags.contains(TcpFlags::ACK) {
            from.rcv_nxt
        } else {
            0
        };
        let tcp = TcpRepr {
            src_port: from.port,
            dst_port: to.port,
            seq: from.snd_nxt,
            ack,
            flags: seg.flags,
            window: seg.window,
            urgent: 0,
            options: seg.options,
            payload: &[],
        };
        let len = u32::try_from(payload_len).map_err(|_| {
            Error::new(
                codec_core::Protocol::Tcp,
                0,
                codec_core::ErrorKind::TooLong {
                    field: codec_core::Field::Length,
                    limit: u32::MAX,
                },
            )
        })?;
        let consumed = len
            + u32::from(seg.flags.contains(TcpFlags::SYN))
            + u32::from(seg.flags.contains(TcpFlags::FIN));
        from.snd_nxt = from.snd_nxt.wrapping_add(consumed);
        to.rcv_nxt = from.snd_nxt;
        let ip = Ip {
            src: from.addr,
            dst: to.addr,
            ..ip
        };
        datagram(ipv4(ip), TransportRepr::Tcp(tcp), payload_len, payload)
    }
}

/// The story being written.
#[derive(Debug, Default)]
struct Story {
    messages: Vec<Message>,
    /// polaris's next IP identification (it numbers every datagram it sends).
    polaris_ident: u16,
}

impl Story {
    fn push(&mut self, sent: bool, frame: Vec<u8>, placeholder: Option<&'static str>) {
        self.messages.push(Message {
            index: self.messages.len(),
            sent,
            frame,
            placeholder,
        });
    }

    fn ppp(&mut self, sent: bool, frame: Vec<u8>) {
        self.push(sent, frame, None);
    }

    fn placeholder(&mut self, sent: bool, frame: Vec<u8>, why: &'static str) {
        self.push(sent, frame, Some(why));
    }

    /// IP fields of polaris's next datagram.
    fn polaris(&mut self) -> Ip {
        let ident = self.polaris_ident;
        self.polaris_ident = self.polaris_ident.wrapping_add(1);
        Ip {
            src: POLARIS,
            dst: Ipv4Addr::UNSPECIFIED,
            tos: 0,
            ident,
            ttl: 64,
        }
    }
}

/// The FTP server's IP fields: type of service, identification (its counter runs on
/// between our datagrams) and TTL 57.
fn diamant(tos: u8, ident: u16) -> Ip {
    Ip {
        src: FTP_SERVER,
        dst: Ipv4Addr::UNSPECIFIED,
        tos,
        ident,
        ttl: 57,
    }
}

/// Builds the whole story.
///
/// # Errors
/// A builder's error (none for this story: a test builds it).
pub fn seed_story() -> Result<Vec<Message>> {
    let mut story = Story {
        messages: Vec::new(),
        polaris_ident: 0xc625,
    };
    negotiation(&mut story)?;
    crate::demo_app::lookups(&mut story)?;
    ftp_session(&mut story)?;
    Ok(story.messages)
}

pub(crate) use private::{StoryAccess, UdpExchange};

mod private {
    //! What the application parts of the story (DNS, FTP) need from it.
    use super::*;

    /// Access to the story for the application parts.
    pub(crate) trait StoryAccess {
        /// Appends a UDP datagram between polaris and the name server.
        fn udp(&mut self, exchange: UdpExchange<'_>) -> Result<()>;
    }

    /// One UDP datagram of a lookup.
    pub(crate) struct UdpExchange<'a> {
        /// From polaris (else from the name server).
        pub(crate) sent: bool,
        /// polaris's port.
        pub(crate) port: u16,
        /// The name server's IP identification (ignored when sent).
        pub(crate) server_ident: u16,
        /// The DNS message length.
        pub(crate) len: usize,
        /// Writes the DNS message in place.
        pub(crate) write: &'a mut dyn FnMut(&mut [u8]) -> Result<()>,
        /// Why part of the message is a stand-in, if it is.
        pub(crate) placeholder: Option<&'static str>,
    }

    impl StoryAccess for Story {
        fn udp(&mut self, x: UdpExchange<'_>) -> Result<()> {
            let ip = if x.sent {
                Ip {
                    dst: NAME_SERVER,
                    ..self.polaris()
                }
            } else {
                Ip {
                    src: NAME_SERVER,
                    dst: POLARIS,
                    tos: 0,
                    ident: x.server_ident,
                    ttl: 58,
                }
            };
            let (src_port, dst_port) = if x.sent { (x.port, 53) } else { (53, x.port) };
            let udp = UdpRepr {
                src_port,
                dst_port,
                payload: &[],
            };
            let network = match ipv4(ip) {
                NetworkRepr::Ipv4(r) => NetworkRepr::Ipv4(Ipv4Repr {
                    protocol: IpProtocol::Udp,
                    ..r
                }),
                other => other,
            };
            let frame = datagram(network, TransportRepr::Udp(udp), x.len, |b| (x.write)(b))?;
            self.push(x.sent, frame, x.placeholder);
            Ok(())
        }
    }
}

/// The FTP control connection and the data connection, messages 28–99.
fn ftp_session(story: &mut Story) -> Result<()> {
    let ack = TcpFlags::ACK;
    let push = TcpFlags::ACK | TcpFlags::PSH;
    let seg = |flags, window| Seg {
        flags,
        window,
        options: &[],
    };
    let mut ctl = Connection {
        client: Endpoint {
            addr: POLARIS,
            port: 1246,
            snd_nxt: 0x10d2_7201,
            rcv_nxt: 0,
        },
        server: Endpoint {
            addr: FTP_SERVER,
            port: 21,
            snd_nxt: 0xdcaf_6801,
            rcv_nxt: 0,
        },
    };
    // Control connection: handshake, with MSS 1460 from polaris and 8204 from diamant.
    let mss_1460 = [2, 4, 0x05, 0xb4];
    let ip = story.polaris();
    let f = ctl.segment(
        true,
        ip,
        Seg {
            flags: TcpFlags::SYN,
            window: 28672,
            options: &mss_1460,
        },
        0,
        |_| Ok(()),
    )?;
    story.ppp(true, f);
    let f = ctl.segment(
        false,
        diamant(0, 0xa392),
        Seg {
            flags: TcpFlags::SYN | TcpFlags::ACK,
            window: 64240,
            options: &[2, 4, 0x20, 0x0c],
        },
        0,
        |_| Ok(()),
    )?;
    story.ppp(false, f);
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(ack, 32768), 0, |_| Ok(()))?;
    story.ppp(true, f);

    // The dialogue: each server reply, polaris's acknowledgment (with the window it had
    // left), then polaris's next command.
    let mut port_argument = [0u8; 32];
    let dialogue = crate::demo_app::ftp_dialogue(&mut port_argument)?;
    let mut replies = dialogue.replies.iter();
    let mut commands = dialogue.commands.iter();
    // (server ident of the reply, window of polaris's pure ack or None when the command
    // acknowledges the reply itself)
    let before_port: [(u16, Option<u16>); 6] = [
        (0xa394, Some(32737)),
        (0xa39c, Some(32768)),
        (0xa3a0, Some(32768)),
        (0xa3a6, Some(32768)),
        (0xa3e5, Some(32760)),
        (0xa3ee, None),
    ];
    let reply_segment = |ctl: &mut Connection, ident: u16, line: &crate::demo_app::Line| {
        ctl.segment(
            false,
            diamant(0x10, ident),
            seg(push, 64240),
            line.len(),
            |b| line.write(b),
        )
    };
    for (i, (ident, ack_window)) in before_port.iter().enumerate() {
        let reply = replies.next().ok_or_else(missing_line)?;
        let f = reply_segment(&mut ctl, *ident, reply)?;
        story.ppp(false, f);
        if let Some(window) = ack_window {
            let ip = story.polaris();
            let f = ctl.segment(true, ip, seg(ack, *window), 0, |_| Ok(()))?;
            story.ppp(true, f);
        }
        if i < 5 {
            let command = commands.next().ok_or_else(missing_line)?;
            let ip = story.polaris();
            let f = ctl.segment(true, ip, seg(push, 32768), command.len(), |b| {
                command.write(b)
            })?;
            story.ppp(true, f);
        }
    }
    // RETR: the data connection opens from port 20 (the server's SYN carries MSS, window
    // scale and timestamp options).
    let retr = commands.next().ok_or_else(missing_line)?;
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(push, 32768), retr.len(), |b| retr.write(b))?;
    story.ppp(true, f);
    let mut data = Connection {
        client: Endpoint {
            addr: FTP_SERVER,
            port: 20,
            snd_nxt: 0xdce0_3c01,
            rcv_nxt: 0,
        },
        server: Endpoint {
            addr: POLARIS,
            port: 1247,
            snd_nxt: 0x10f9_5001,
            rcv_nxt: 0,
        },
    };
    let syn_options = [
        2, 4, 0x20, 0x0c, 1, 3, 3, 1, 1, 1, 8, 10, 0x33, 0x24, 0x32, 0x51, 0, 0, 0, 0,
    ];
    let f = data.segment(
        true,
        diamant(0x08, 0xa3ef),
        Seg {
            flags: TcpFlags::SYN,
            window: 65535,
            options: &syn_options,
        },
        0,
        |_| Ok(()),
    )?;
    story.ppp(false, f);
    let ip = story.polaris();
    let f = data.segment(
        false,
        ip,
        Seg {
            flags: TcpFlags::SYN | TcpFlags::ACK,
            window: 32768,
            options: &mss_1460,
        },
        0,
        |_| Ok(()),
    )?;
    story.ppp(true, f);
    let f = data.segment(true, diamant(0x08, 0xa3f0), seg(ack, 64240), 0, |_| Ok(()))?;
    story.ppp(false, f);
    // "150 Opening BINARY mode data connection", acknowledged.
    let opening = replies.next().ok_or_else(missing_line)?;
    let f = reply_segment(&mut ctl, 0xa3f1, opening)?;
    story.ppp(false, f);
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(ack, 32715), 0, |_| Ok(()))?;
    story.ppp(true, f);

    // The file: 18 segments of 1460 bytes and a last one of 472 with FIN, each acknowledged
    // by polaris. Each entry: the server's IP identification and the payload sum the logged
    // TCP checksum implies.
    const SEGMENT_SUMS: [(u16, u16); 18] = [
        (0xa3f2, 0x4d94),
        (0xa3f3, 0x3ffc),
        (0xa3f6, 0x163f),
        (0xa3f7, 0x8e59),
        (0xa3f8, 0x247b),
        (0xa3f9, 0xb22c),
        (0xa3fa, 0xeb0c),
        (0xa3fb, 0xa1da),
        (0xa3fc, 0xfe75),
        (0xa3fd, 0x7a34),
        (0xa3fe, 0xd7b2),
        (0xa3ff, 0x3d32),
        (0xa401, 0x008e),
        (0xa402, 0xc02a),
        (0xa403, 0x7d39),
        (0xa404, 0x679b),
        (0xa405, 0xc8be),
        (0xa406, 0xe5a5),
    ];
    const ELIDED: &str = "the log elides the file data: zeros around the bytes it shows, with one word \
         making the payload's sum the one the logged TCP checksum implies";
    // The TI-99/4A TIFILES header the log shows at the start of the file.
    let tifiles = [0x07, b'T', b'I', b'F', b'I', b'L', b'E', b'S', 0x00, 0x68];
    for (i, (ident, sum)) in SEGMENT_SUMS.iter().enumerate() {
        let prefix: &[u8] = if i == 0 { &tifiles } else { &[] };
        let payload = elided_payload(1460, prefix, &[], *sum);
        let f = data.segment(
            true,
            diamant(0x08, *ident),
            seg(ack, 64240),
            payload.len(),
            |b| {
                b.copy_from_slice(&payload);
                Ok(())
            },
        )?;
        story.placeholder(false, f, ELIDED);
        if i == 1 {
            // "226 Transfer complete" overtakes the acknowledgment of the second segment.
            let complete = replies.next().ok_or_else(missing_line)?;
            let f = reply_segment(&mut ctl, 0xa3f4, complete)?;
            story.ppp(false, f);
        }
        if i == SEGMENT_SUMS.len() - 1 {
            // The last full segment and the FIN segment are acknowledged together.
            break;
        }
        let ip = story.polaris();
        let f = data.segment(false, ip, seg(ack, 32768), 0, |_| Ok(()))?;
        story.ppp(true, f);
        if i == 1 {
            let ip = story.polaris();
            let f = ctl.segment(true, ip, seg(ack, 32744), 0, |_| Ok(()))?;
            story.ppp(true, f);
        }
    }
    let payload = elided_payload(472, &[], &[0xbc, 0xde, 0x53, 0x14], 0x5fd6);
    let f = data.segment(
        true,
        diamant(0x08, 0xa407),
        seg(ack | TcpFlags::PSH | TcpFlags::FIN, 64240),
        payload.len(),
        |b| {
            b.copy_from_slice(&payload);
            Ok(())
        },
    )?;
    story.placeholder(false, f, ELIDED);
    let ip = story.polaris();
    let f = data.segment(false, ip, seg(ack, 32296), 0, |_| Ok(()))?;
    story.ppp(true, f);
    let ip = story.polaris();
    let f = data.segment(false, ip, seg(ack | TcpFlags::FIN, 32768), 0, |_| Ok(()))?;
    story.ppp(true, f);
    let f = data.segment(true, diamant(0x08, 0xa40a), seg(ack, 64240), 0, |_| Ok(()))?;
    story.ppp(false, f);

    // QUIT, "221 Goodbye.", and the close.
    let quit = commands.next().ok_or_else(missing_line)?;
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(push, 32768), quit.len(), |b| quit.write(b))?;
    story.ppp(true, f);
    let goodbye = replies.next().ok_or_else(missing_line)?;
    let f = reply_segment(&mut ctl, 0xa418, goodbye)?;
    story.ppp(false, f);
    let f = ctl.segment(
        false,
        diamant(0x10, 0xa419),
        seg(ack | TcpFlags::FIN, 64240),
        0,
        |_| Ok(()),
    )?;
    story.ppp(false, f);
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(ack, 32762), 0, |_| Ok(()))?;
    story.ppp(true, f);
    let ip = story.polaris();
    let f = ctl.segment(true, ip, seg(ack | TcpFlags::FIN, 32768), 0, |_| Ok(()))?;
    story.ppp(true, f);
    let f = ctl.segment(false, diamant(0x10, 0xa41a), seg(ack, 64240), 0, |_| Ok(()))?;
    story.ppp(false, f);
    Ok(())
}

fn missing_line() -> Error {
    Error::new(
        codec_core::Protocol::Ftp,
        0,
        codec_core::ErrorKind::Missing {
            field: codec_core::Field::Code,
        },
    )
}

/// LINKTYPE_PPP, as `seed_story.pcap`.
const LINKTYPE_PPP: u32 = 9;

/// Writes the messages as a pcap file (link type PPP, one second apart, as
/// `seed_story.pcap`), all 100 of them, placeholders included.
///
/// # Errors
/// Whatever `out` returns.
pub fn write_pcap(messages: &[Message], out: &mut impl Write) -> io::Result<()> {
    // The classic pcap header: magic, version 2.4, zone, accuracy, snap length, link type.
    out.write_all(&0xa1b2_c3d4u32.to_le_bytes())?;
    out.write_all(&2u16.to_le_bytes())?;
    out.write_all(&4u16.to_le_bytes())?;
    out.write_all(&[0; 8])?;
    out.write_all(&65535u32.to_le_bytes())?;
    out.write_all(&LINKTYPE_PPP.to_le_bytes())?;
    for (i, m) in messages.iter().enumerate() {
        let len = u32::try_from(m.frame.len()).unwrap_or(u32::MAX);
        out.write_all(&u32::try_from(i + 1).unwrap_or(u32::MAX).to_le_bytes())?;
        out.write_all(&0u32.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&m.frame)?;
    }
    Ok(())
}
