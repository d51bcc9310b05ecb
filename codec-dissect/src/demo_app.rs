//! The application messages of the demonstration: the DNS lookups (built by
//! [`codec_app::dns`]) and the FTP dialogue (built by [`codec_app::ftp`]).

use crate::demo::{FTP_SERVER, NAME_SERVER, POLARIS, StoryAccess, UdpExchange};
use codec_app::dns::builder::{HeaderRepr, MessageBuilder};
use codec_app::dns::name::Targets;
use codec_app::dns::rdata::{RData, Soa};
use codec_app::dns::{Class, Flags, NameBuf, Opcode, Question, Rcode, RecordRepr, RrType};
use codec_app::ftp::{CommandRepr, HostPort, ReplyRepr};
use codec_core::Result;
use core::net::Ipv4Addr;

/// One FTP control line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Line<'a> {
    /// A command from polaris.
    Command(CommandRepr<'a>),
    /// A reply from diamant.
    Reply(ReplyRepr<'a>),
}

impl Line<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Line::Command(c) => c.buffer_len(),
            Line::Reply(r) => r.buffer_len(),
        }
    }

    pub(crate) fn write(&self, buf: &mut [u8]) -> Result<()> {
        match self {
            Line::Command(c) => c.emit(buf).map(|_| ()),
            Line::Reply(r) => r.emit(buf).map(|_| ()),
        }
    }
}

/// The FTP dialogue: replies and commands, each in the order they are sent.
pub(crate) struct Dialogue<'a> {
    pub(crate) replies: Vec<Line<'a>>,
    pub(crate) commands: Vec<Line<'a>>,
}

/// The dialogue; `port_argument` holds the text of the PORT command's host-port.
pub(crate) fn ftp_dialogue(port_argument: &mut [u8]) -> Result<Dialogue<'_>> {
    // polaris listens on 1247 for the data connection: PORT 141,2,28,110,4,223.
    let n = HostPort::new(POLARIS, 1247).emit(port_argument)?;
    let port = port_argument.get(..n).unwrap_or_default();
    let reply = |code, text: &'static [&'static [u8]]| Line::Reply(ReplyRepr { code, lines: text });
    let command = |verb, arg| Line::Command(CommandRepr::new(verb, arg));
    Ok(Dialogue {
        replies: vec![
            reply(
                220,
                &[b"diamant FTP server (Version wu-2.4(7) Thu Oct 17 18:51:31 CST 1996) ready."],
            ),
            reply(
                331,
                &[b"Guest login ok, send your complete e-mail address as password."],
            ),
            reply(230, &[b"Guest login ok, access restrictions apply."]),
            reply(200, &[b"Type set to I."]),
            reply(250, &[b"CWD command successful."]),
            reply(200, &[b"PORT command successful."]),
            reply(
                150,
                &[b"Opening BINARY mode data connection for speec12.xmo (26752 bytes)."],
            ),
            reply(226, &[b"Transfer complete."]),
            reply(221, &[b"Goodbye."]),
        ],
        commands: vec![
            command(b"USER", Some(b"anonymous".as_slice())),
            command(b"PASS", Some(b"zapf@em".as_slice())),
            command(b"TYPE", Some(b"I".as_slice())),
            command(b"CWD", Some(b"pub/people/mz".as_slice())),
            command(b"PORT", Some(port)),
            command(b"RETR", Some(b"speec12.xmo".as_slice())),
            command(b"QUIT", None),
        ],
    })
}

/// The name polaris looks up, and the search list its resolver appends first.
const LOOKED_UP: &str = "www.vsb.cs.uni-frankfurt.de";
const SEARCH_LIST: [&str; 3] = [
    "vsb.cs.uni-frankfurt.de",
    "cs.uni-frankfurt.de",
    "uni-frankfurt.de",
];

/// Writes a DNS message of at most 512 bytes into `buf` with `fill`; returns its length.
fn dns_message(
    buf: &mut [u8; 512],
    header: HeaderRepr,
    fill: impl FnOnce(&mut MessageBuilder<'_, 64>) -> Result<()>,
) -> Result<usize> {
    let mut b = MessageBuilder::<64>::new(buf, header)?.strict();
    fill(&mut b)?;
    b.finish()
}

fn udp(
    story: &mut impl StoryAccess,
    sent: bool,
    port: u16,
    server_ident: u16,
    message: &[u8],
    placeholder: Option<&'static str>,
) -> Result<()> {
    let mut write = |b: &mut [u8]| {
        b.copy_from_slice(message);
        Ok(())
    };
    story.udp(UdpExchange {
        sent,
        port,
        server_ident,
        len: message.len(),
        write: &mut write,
        placeholder,
    })
}

/// The four lookups, messages 20–27: the three names of the search list are unknown
/// (NXDOMAIN, with the zone's SOA for negative caching), the name itself is an alias of
/// the FTP server.
///
/// The 1997 name server copied the question from the query: later names may point at the
/// whole question name but not at its suffixes ([`Targets::WholeName`]), which is why its
/// SOA owner `uni-frankfurt.de` is written in full.
pub(crate) fn lookups(story: &mut impl StoryAccess) -> Result<()> {
    let soa_owner = NameBuf::from_dotted("uni-frankfurt.de")?;
    let mname = NameBuf::from_dotted("chaplin.rz.uni-frankfurt.de")?;
    let rname = NameBuf::from_dotted("netz-verwaltung.rz.uni-frankfurt.de")?;
    let soa = RecordRepr {
        name: soa_owner.as_name(),
        class: Class::In,
        ttl: 86400,
        data: RData::Soa(Soa {
            mname: mname.as_name(),
            rname: rname.as_name(),
            serial: 97_021_302,
            refresh: 10800,
            retry: 3600,
            expire: 3_000_000,
            minimum: 86400,
        }),
    };
    let answer_flags = Flags::AA | Flags::RD | Flags::RA;
    // (query id, polaris's port, the server's IP identification of the answer)
    let failing: [(u16, u16, u16); 3] = [(1, 1107, 0x24cc), (2, 1108, 0x24cd), (3, 1109, 0x24ce)];
    for ((id, port, ident), domain) in failing.into_iter().zip(SEARCH_LIST) {
        let name = NameBuf::from_dotted(&format!("{LOOKED_UP}.{domain}"))?;
        let question = Question {
            name: name.as_name(),
            qtype: RrType::A,
            qclass: Class::In,
        };
        let mut buf = [0u8; 512];
        let n = dns_message(&mut buf, HeaderRepr::query(id, Flags::RD), |b| {
            b.question(&question)
        })?;
        udp(story, true, port, 0, buf.get(..n).unwrap_or_default(), None)?;
        let header = HeaderRepr {
            rcode: Rcode::NxDomain,
            ..HeaderRepr::response(id, answer_flags)
        };
        let n = dns_message(&mut buf, header, |b| {
            b.question_with_targets(&question, Targets::WholeName)?;
            b.authority(&soa)
        })?;
        udp(
            story,
            false,
            port,
            ident,
            buf.get(..n).unwrap_or_default(),
            None,
        )?;
    }
    answered_lookup(story)
}

/// Message 26 and its answer, 27: three chained answers, four name servers, five
/// addresses (two for `hera`). The log cuts the answer 11 bytes before its end (inside the last address
/// record): those bytes are the conjecture of the vectors' notes.
fn answered_lookup(story: &mut impl StoryAccess) -> Result<()> {
    let name = NameBuf::from_dotted(LOOKED_UP)?;
    let question = Question {
        name: name.as_name(),
        qtype: RrType::A,
        qclass: Class::In,
    };
    let mut buf = [0u8; 512];
    let n = dns_message(&mut buf, HeaderRepr::query(4, Flags::RD), |b| {
        b.question(&question)
    })?;
    udp(story, true, 1110, 0, buf.get(..n).unwrap_or_default(), None)?;

    let names = [
        "diamant.vsb.cs.uni-frankfurt.de",
        "diamant-atm.vsb.cs.uni-frankfurt.de",
        "uni-frankfurt.de",
        "noc.belwue.de",
        "ns.nic.de",
        "chaplin.rz.uni-frankfurt.de",
        "hera.rbi.informatik.uni-frankfurt.de",
    ];
    let mut bufs = Vec::new();
    for n in names {
        bufs.push(NameBuf::from_dotted(n)?);
    }
    let [diamant, diamant_atm, zone, noc, ns_nic, chaplin, hera] =
        [0, 1, 2, 3, 4, 5, 6].map(|i| bufs.get(i).map(NameBuf::as_name));
    let (
        Some(diamant),
        Some(diamant_atm),
        Some(zone),
        Some(noc),
        Some(ns_nic),
        Some(chaplin),
        Some(hera),
    ) = (diamant, diamant_atm, zone, noc, ns_nic, chaplin, hera)
    else {
        return Ok(());
    };
    let record = |name, ttl, data| RecordRepr {
        name,
        class: Class::In,
        ttl,
        data,
    };
    let header = HeaderRepr {
        id: 4,
        flags: Flags::QR | Flags::AA | Flags::RD | Flags::RA,
        opcode: Opcode::Query,
        rcode: Rcode::NoError,
    };
    let n = dns_message(&mut buf, header, |b| {
        b.question_with_targets(&question, Targets::WholeName)?;
        b.answer(&record(question.name, 86400, RData::Cname(diamant)))?;
        b.answer(&record(diamant, 86400, RData::Cname(diamant_atm)))?;
        b.answer(&record(diamant_atm, 86400, RData::A(FTP_SERVER)))?;
        for server in [noc, ns_nic, chaplin, hera] {
            b.authority(&record(zone, 86400, RData::Ns(server)))?;
        }
        b.additional(&record(
            noc,
            231_911,
            RData::A(Ipv4Addr::new(129, 143, 2, 1)),
        ))?;
        b.additional(&record(
            ns_nic,
            59551,
            RData::A(Ipv4Addr::new(193, 196, 32, 1)),
        ))?;
        b.additional(&record(chaplin, 86400, RData::A(NAME_SERVER)))?;
        b.additional(&record(hera, 86400, RData::A(Ipv4Addr::new(141, 2, 1, 1))))?;
        // The record the log cuts: class, TTL, length and address are the conjecture.
        b.additional(&record(hera, 86400, RData::A(Ipv4Addr::new(141, 2, 20, 2))))
    })?;
    udp(
        story,
        false,
        1110,
        0x24d0,
        buf.get(..n).unwrap_or_default(),
        Some(
            "the log cuts this answer 11 bytes before its end: the last record's class, TTL, \
             length and address (141.2.20.2, forced by the logged UDP checksum) are a conjecture",
        ),
    )
}
