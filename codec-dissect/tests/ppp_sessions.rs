//! The real pppd sessions of `../shared/captures/gen_ppp/*.pcapng` (link type 204): every
//! PPP control packet (LCP, IPCP, CCP, PAP, CHAP) parses, re-emits byte for byte from its
//! repr (and, for the Configure codes, from its options re-typed), agrees with Wireshark's
//! reference on code, identifier and length, and — printed the way pppd prints packets in
//! its `debug` log — is exactly one of the lines both daemons logged.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;
use codec_dissect::capture::read_capture;
use codec_link::ppp::ccp::{Ccp, CcpOption};
use codec_link::ppp::chap::{ChapMessage, ChapPacket, ChapRepr};
use codec_link::ppp::control::{
    ConfigOption, ControlCode, ControlData, ControlPacket, ControlProtocol, ControlRepr, OptionList,
};
use codec_link::ppp::ipcp::{IpCompression, Ipcp, IpcpOption};
use codec_link::ppp::lcp::{AuthProtocol, ChapAlgorithm, Lcp, LcpOption};
use codec_link::ppp::pap::{PapMessage, PapPacket, PapRepr};
use codec_link::ppp::{PppFrame, PppProtocol};
use common::shared_dir;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// pppd's option text (`lcp.c`, `ipcp.c`, `ccp.c` printers), for the options these
/// sessions carry.
trait PppdText {
    fn pppd(&self) -> String;
}

impl PppdText for LcpOption<'_> {
    fn pppd(&self) -> String {
        match *self {
            LcpOption::Mru(v) => format!("mru {v}"),
            LcpOption::Accm(v) => format!("asyncmap {v:#x}"),
            LcpOption::AuthProtocol(AuthProtocol::Pap) => "auth pap".into(),
            LcpOption::AuthProtocol(AuthProtocol::Chap(ChapAlgorithm::Md5)) => {
                "auth chap MD5".into()
            }
            LcpOption::MagicNumber(v) => format!("magic {v:#x}"),
            LcpOption::Pfc => "pcomp".into(),
            LcpOption::Acfc => "accomp".into(),
            other => panic!("no pppd text for {other:?}"),
        }
    }
}

impl PppdText for IpcpOption<'_> {
    fn pppd(&self) -> String {
        match *self {
            IpcpOption::IpCompression(IpCompression::VanJacobson {
                max_slot_id,
                comp_slot_id,
            }) => format!("compress VJ {max_slot_id:02x} {comp_slot_id:02x}"),
            IpcpOption::IpAddress(a) => format!("addr {a}"),
            IpcpOption::PrimaryDns(a) => format!("ms-dns1 {a}"),
            IpcpOption::SecondaryDns(a) => format!("ms-dns2 {a}"),
            other => panic!("no pppd text for {other:?}"),
        }
    }
}

impl PppdText for CcpOption<'_> {
    fn pppd(&self) -> String {
        match *self {
            CcpOption::Deflate(d) => format!("deflate {}", d.window),
            CcpOption::DeflateDraft(d) => format!("deflate(old#) {}", d.window),
            other => panic!("no pppd text for {other:?}"),
        }
    }
}

fn pppd_code(code: ControlCode) -> &'static str {
    match code {
        ControlCode::ConfigureRequest => "ConfReq",
        ControlCode::ConfigureAck => "ConfAck",
        ControlCode::ConfigureNak => "ConfNak",
        ControlCode::ConfigureReject => "ConfRej",
        ControlCode::TerminateRequest => "TermReq",
        ControlCode::TerminateAck => "TermAck",
        ControlCode::EchoRequest => "EchoReq",
        ControlCode::EchoReply => "EchoRep",
        other => panic!("no pppd name for {other}"),
    }
}

/// Parses, re-emits and prints a control packet of `P`; returns (code, id, length, pppd text).
fn control<P: ControlProtocol>(bytes: &[u8]) -> (u8, u8, u16, String)
where
    for<'a> P::Opt<'a>: PppdText,
{
    let packet = ControlPacket::<_, P>::parse(bytes).unwrap();
    let len = usize::from(packet.length());
    let repr = ControlRepr::<P>::parse(&packet).unwrap();
    let mut out = vec![0u8; repr.buffer_len()];
    repr.emit(&mut out).unwrap();
    assert_eq!(out, bytes[..len], "{packet}");

    let mut line = format!(
        "[{} {} id={:#x}",
        P::NAME,
        pppd_code(packet.code()),
        packet.identifier()
    );
    match packet.body() {
        ControlData::EchoRequest { magic, data } | ControlData::EchoReply { magic, data } => {
            assert!(data.is_empty());
            write!(line, " magic={magic:#x}").unwrap();
        }
        ControlData::TerminateRequest(d) | ControlData::TerminateAck(d) if !d.is_empty() => {
            write!(line, " \"{}\"", text(d)).unwrap();
        }
        _ => {}
    }
    if packet.code().carries_options() {
        let typed = std::mem::ManuallyDrop::new(packet.options().collect::<Vec<_>>());
        for o in typed.iter() {
            write!(line, " <{}>", o.pppd()).unwrap();
        }
        let rebuilt = ControlRepr::<P> {
            identifier: packet.identifier(),
            data: match packet.code() {
                ControlCode::ConfigureRequest => {
                    ControlData::ConfigureRequest(OptionList::Typed(&typed))
                }
                ControlCode::ConfigureAck => ControlData::ConfigureAck(OptionList::Typed(&typed)),
                ControlCode::ConfigureNak => ControlData::ConfigureNak(OptionList::Typed(&typed)),
                _ => ControlData::ConfigureReject(OptionList::Typed(&typed)),
            },
        };
        assert_eq!(rebuilt, repr);
        rebuilt.emit(&mut out).unwrap();
        assert_eq!(out, bytes[..len]);
        assert!(typed.iter().all(|o| o.as_invalid().is_none()));
    }
    line.push(']');
    (
        packet.code().value(),
        packet.identifier(),
        packet.length(),
        line,
    )
}

fn pap(bytes: &[u8]) -> (u8, u8, u16, String) {
    let p = PapPacket::parse(bytes).unwrap();
    let r = PapRepr::parse(&p).unwrap();
    let mut out = vec![0u8; r.buffer_len()];
    r.emit(&mut out).unwrap();
    assert_eq!(out, bytes[..usize::from(p.length())]);
    let line = match p.message() {
        PapMessage::AuthenticateRequest { peer_id, .. } => format!(
            "[PAP AuthReq id={:#x} user=\"{}\" password=<hidden>]",
            p.identifier(),
            text(peer_id)
        ),
        PapMessage::AuthenticateAck { message } => {
            format!(
                "[PAP AuthAck id={:#x} \"{}\"]",
                p.identifier(),
                text(message)
            )
        }
        other => panic!("{other:?}"),
    };
    (p.code().value(), p.identifier(), p.length(), line)
}

fn chap(bytes: &[u8]) -> (u8, u8, u16, String) {
    let p = ChapPacket::parse(bytes).unwrap();
    let r = ChapRepr::parse(&p).unwrap();
    let mut out = vec![0u8; r.buffer_len()];
    r.emit(&mut out).unwrap();
    assert_eq!(out, bytes[..usize::from(p.length())]);
    let id = p.identifier();
    let line = match p.message() {
        ChapMessage::Challenge { value, name } => format!(
            "[CHAP Challenge id={id:#x} <{}>, name = \"{}\"]",
            hex(value),
            text(name)
        ),
        ChapMessage::Response { value, name } => format!(
            "[CHAP Response id={id:#x} <{}>, name = \"{}\"]",
            hex(value),
            text(name)
        ),
        ChapMessage::Success { message } => {
            format!("[CHAP Success id={id:#x} \"{}\"]", text(message))
        }
        other => panic!("{other:?}"),
    };
    (p.code().value(), id, p.length(), line)
}

/// The `[...]` of every `sent`/`rcvd` line of a pppd debug log.
fn log_lines(path: &PathBuf) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("sent ")
                .or_else(|| l.strip_prefix("rcvd "))
                .map(str::to_string)
        })
        .collect()
}

#[test]
fn pppd_sessions_parse_reemit_and_agree_with_wireshark_and_pppd() {
    let dir = shared_dir().join("captures/gen_ppp");
    let mut total = 0;
    for name in ["ppp_pap", "ppp_chapvj"] {
        let reference: Vec<serde_json::Value> =
            fs::read_to_string(shared_dir().join(format!("reference/{name}.pcapng.jsonl")))
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
        let mut printed: BTreeMap<String, usize> = BTreeMap::new();
        let mut frames = 0;
        let bytes = fs::read(dir.join(format!("{name}.pcapng"))).unwrap();
        read_capture(&bytes[..], |r| {
            assert_eq!(r.linktype, 204);
            let frame = PppFrame::parse(&r.data[1..]).unwrap();
            let info = frame.payload();
            let decoded = match frame.protocol() {
                PppProtocol::Lcp => control::<Lcp>(info),
                PppProtocol::Ipcp => control::<Ipcp>(info),
                PppProtocol::Ccp => control::<Ccp>(info),
                PppProtocol::Pap => pap(info),
                PppProtocol::Chap => chap(info),
                _ => return,
            };
            let (code, id, length, line) = decoded;
            // Wireshark's reading of the same frame.
            let theirs = &reference[usize::try_from(r.number).unwrap() - 1]["layers"][1];
            assert_eq!(theirs["code"], code, "{name} frame {}", r.number);
            assert_eq!(
                theirs.get("id").or(theirs.get("identifier")).unwrap(),
                id,
                "{name} frame {}",
                r.number
            );
            assert_eq!(theirs["length"], length, "{name} frame {}", r.number);
            *printed.entry(line).or_default() += 1;
            frames += 1;
        })
        .unwrap();
        // Every packet either daemon logged was on the line, printed the same way, and
        // every control packet on the line is one pppd logged.
        let mut logged: BTreeMap<String, usize> = BTreeMap::new();
        for side in ["client", "server"] {
            for l in log_lines(&dir.join(format!("{name}.pppd-{side}.log"))) {
                *logged.entry(l).or_default() += 1;
            }
        }
        for line in logged.keys() {
            assert!(
                printed.contains_key(line),
                "{name}: pppd logged {line}, not decoded"
            );
        }
        // pppd logs the first LCP echo exchange only (id 0x0): the later echoes are on the
        // line but not in its log.
        for line in printed.keys() {
            let later_echo = line.starts_with("[LCP Echo") && !line.contains(" id=0x0 ");
            assert!(
                logged.contains_key(line) || later_echo,
                "{name}: decoded {line}, pppd did not log it"
            );
        }
        assert!(frames >= 25, "{name}: {frames} control frames");
        total += frames;
    }
    assert!(total >= 60, "{total} control packets");
}
