//! PPP and what rides on it: the PPP header (link types 9, 50 and 204, PPPoE session, GRE),
//! the control protocols LCP, IPCP, IPV6CP and CCP, PAP and CHAP, and PPPoE discovery and
//! session headers. Fields are named as the Wireshark reference has them
//! (`../shared/oracle/oracle.py`: `p_ppp`, `p_cp`, `p_pap`, `p_chap`, `p_pppoe`).

use super::plain_hex;
use super::{Walk, colon_hex};
use codec_inet::vj::{VjCompressedPacket, VjDeltas, uncompressed_connection};
use codec_link::ppp::ccp::Ccp;
use codec_link::ppp::chap::{ChapMessage, ChapPacket};
use codec_link::ppp::control::{
    ConfigOption, ControlData, ControlPacket, ControlProtocol, Options,
};
use codec_link::ppp::ipcp::Ipcp;
use codec_link::ppp::ipv6cp::Ipv6cp;
use codec_link::ppp::lcp::Lcp;
use codec_link::ppp::pap::{PapMessage, PapPacket};
use codec_link::ppp::{PppFrame, PppProtocol};
use codec_link::pppoe::{PppoeCode, PppoePacket, Tags};
use serde_json::{Map, Value, json};

/// Bytes as Wireshark shows a string: printable ASCII as is, the rest escaped.
fn text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s
}

/// Dissects a PPP frame (address/control optional, protocol 1 or 2 bytes) at `pos` and its
/// payload. GRE (protocol 0x880b) calls this.
pub(crate) fn ppp_frame(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    ppp_with_direction(walk, bytes, pos, None);
}

/// Link type 204 (PPP_WITH_DIR): the first byte is the direction, which Wireshark moves to
/// a pseudo-header: the layers count their positions from the byte after it, and the
/// `direction` field is "0" for a frame this host sent (byte 1) and "1" for one it received.
pub(crate) fn ppp_with_dir(walk: &mut Walk<'_>, data: &[u8]) {
    let Some((&dir, rest)) = data.split_first() else {
        walk.error(
            "ppp",
            0,
            codec_core::Error::truncated(codec_core::Protocol::Capture, 0, 1, 0),
        );
        return;
    };
    let direction = if dir == 1 { "0" } else { "1" };
    ppp_with_direction(walk, rest, 0, Some(direction));
}

/// Link types 9 and 50: a PPP frame from the first byte.
pub(crate) fn ppp_link(walk: &mut Walk<'_>, data: &[u8]) {
    ppp_with_direction(walk, data, 0, None);
}

fn ppp_with_direction(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, direction: Option<&str>) {
    let frame = match PppFrame::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            walk.error("ppp", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    if frame.has_address_control() {
        f.insert("address".into(), json!(0xff));
        f.insert("control".into(), json!(0x03));
    }
    let protocol = frame.protocol();
    f.insert("protocol".into(), json!(protocol.value()));
    if let Some(d) = direction {
        f.insert("direction".into(), json!(d));
    }
    let header = frame.header_len();
    walk.layer("ppp", pos, header, frame.to_string(), f);
    ppp_payload(walk, protocol, frame.payload(), pos + header);
}

/// Dispatches a PPP information field by protocol.
fn ppp_payload(walk: &mut Walk<'_>, protocol: PppProtocol, bytes: &[u8], pos: usize) {
    match protocol {
        PppProtocol::Lcp => control::<Lcp>(walk, "lcp", bytes, pos),
        PppProtocol::Ipcp => control::<Ipcp>(walk, "ipcp", bytes, pos),
        PppProtocol::Ipv6cp => control::<Ipv6cp>(walk, "ipv6cp", bytes, pos),
        PppProtocol::Ccp => control::<Ccp>(walk, "ccp", bytes, pos),
        PppProtocol::Pap => pap(walk, bytes, pos),
        PppProtocol::Chap => chap(walk, bytes, pos),
        PppProtocol::Ipv4 => {
            super::ipv4::ipv4(walk, bytes, pos);
        }
        PppProtocol::Ipv6 => {
            super::ipv6::ipv6(walk, bytes, pos);
        }
        PppProtocol::VjCompressed => vj_compressed(walk, bytes, pos),
        PppProtocol::VjUncompressed => vj_uncompressed(walk, bytes, pos),
        // Compressed datagrams (0x00fd) need their decompressor: shown as data for now.
        _ => walk.data(pos, bytes),
    }
}

/// A VJ compressed-TCP packet (0x002d): Wireshark's `vjc` layer covers the compressed
/// header; the TCP data follows. Rebuilding the IPv4/TCP header needs the connection's
/// earlier packets (RFC 1144 §3.2), which a per-packet walk does not have, so the data is
/// shown as such. Fields as Wireshark's `vjc.*` (packet-vj-comp.c).
fn vj_compressed(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let packet = match VjCompressedPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("vjc", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("compressed".into(), json!(true));
    f.insert("change_mask".into(), json!(packet.change_mask().bits()));
    if let Some(c) = packet.connection() {
        f.insert("connection_number".into(), json!(c));
    }
    f.insert("checksum".into(), json!(packet.tcp_checksum()));
    if let VjDeltas::Explicit {
        urgent, ack, seq, ..
    } = packet.deltas()
    {
        if let Some(u) = urgent {
            f.insert("urgent_pointer".into(), json!(u));
        }
        if let Some(w) = packet.deltas().window_delta() {
            f.insert("delta_window".into(), json!(w));
        }
        if let Some(a) = ack {
            f.insert("delta_ack".into(), json!(a));
        }
        if let Some(s) = seq {
            f.insert("delta_seq".into(), json!(s));
        }
    }
    if let Some(i) = packet.ip_id_delta() {
        f.insert("delta_ipid".into(), json!(i));
    }
    let header = packet.header_len();
    walk.layer("vjc", pos, header, packet.to_string(), f);
    walk.data(pos + header, packet.payload());
}

/// A VJ uncompressed-TCP packet (0x002f): an IPv4/TCP datagram whose protocol byte holds
/// the connection number. Wireshark's `vjc` layer covers the whole packet and its `ip` and
/// `tcp` layers live in a rebuilt copy (another data source), so nothing follows here.
fn vj_uncompressed(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let connection = match uncompressed_connection(bytes) {
        Ok(c) => c,
        Err(e) => {
            walk.error("vjc", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("compressed".into(), json!(false));
    f.insert("connection_number".into(), json!(connection));
    let summary = format!("utcp {connection} ({} bytes)", bytes.len());
    walk.layer("vjc", pos, bytes.len(), summary, f);
}

/// A control packet (LCP, IPCP, IPV6CP, CCP): code, id, length, and the options or the
/// magic number, as the reference's `p_cp`.
fn control<P: ControlProtocol>(walk: &mut Walk<'_>, name: &'static str, bytes: &[u8], pos: usize) {
    let packet = match ControlPacket::<_, P>::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error(name, pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("code".into(), json!(packet.code().value()));
    f.insert("id".into(), json!(packet.identifier()));
    f.insert("length".into(), json!(packet.length()));
    let body = packet.body();
    let mut damaged = false;
    if body.options().is_some() {
        let mut opts = Vec::new();
        for (at, o) in packet.options().positioned() {
            let opos = pos + 4 + at;
            if o.as_invalid().is_some() {
                damaged = true;
                break;
            }
            let value_len = o.value_len();
            let data = packet.data().get(at + 2..at + 2 + value_len).unwrap_or(&[]);
            opts.push(json!({
                "type": o.kind(),
                "len": value_len + 2,
                "pos": opos,
                "size": value_len + 2,
                "value_hex": plain_hex(data),
            }));
        }
        f.insert("options".into(), Value::Array(opts));
    }
    match body {
        ControlData::EchoRequest { magic, data }
        | ControlData::EchoReply { magic, data }
        | ControlData::DiscardRequest { magic, data } => {
            f.insert("magic_number".into(), json!(magic));
            if !data.is_empty() {
                f.insert("data_hex".into(), json!(colon_hex(data)));
            }
        }
        ControlData::Identification { magic, message }
        | ControlData::TimeRemaining { magic, message, .. } => {
            f.insert("magic_number".into(), json!(magic));
            f.insert("message".into(), json!(text(message)));
        }
        ControlData::ProtocolReject { protocol, .. } => {
            f.insert("rej_proto".into(), json!(protocol.value()));
        }
        _ => {}
    }
    walk.layer(
        name,
        pos,
        usize::from(packet.length()),
        packet.to_string(),
        f,
    );
    if damaged {
        // Report the broken option framing, offset counted from the layer.
        if let Err(e) = Options::<P::Opt<'_>>::check(P::PROTOCOL, packet.data()) {
            walk.error(name, pos, e.shifted(4));
        }
    }
}

/// PAP: Wireshark's layer covers the rest of the PPP payload (the capture's FCS included).
fn pap(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let packet = match PapPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("pap", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("code".into(), json!(packet.code().value()));
    f.insert("identifier".into(), json!(packet.identifier()));
    f.insert("length".into(), json!(packet.length()));
    match packet.message() {
        PapMessage::AuthenticateRequest { peer_id, password } => {
            f.insert("peer_id_length".into(), json!(peer_id.len()));
            f.insert("peer_id".into(), json!(text(peer_id)));
            f.insert("password_length".into(), json!(password.len()));
            f.insert("password".into(), json!(text(password)));
        }
        PapMessage::AuthenticateAck { message } | PapMessage::AuthenticateNak { message } => {
            f.insert("message_length".into(), json!(message.len()));
            f.insert("message".into(), json!(text(message)));
        }
        PapMessage::Unknown { .. } => {}
    }
    walk.layer("pap", pos, bytes.len(), packet.to_string(), f);
}

/// CHAP: the layer covers `length` bytes.
fn chap(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    let packet = match ChapPacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("chap", pos, e);
            return;
        }
    };
    let mut f = Map::new();
    f.insert("code".into(), json!(packet.code().value()));
    f.insert("id".into(), json!(packet.identifier()));
    f.insert("length".into(), json!(packet.length()));
    match packet.message() {
        ChapMessage::Challenge { value, name } | ChapMessage::Response { value, name } => {
            f.insert("value_size".into(), json!(value.len()));
            f.insert("value_hex".into(), json!(plain_hex(value)));
            f.insert("name".into(), json!(text(name)));
        }
        ChapMessage::Success { message } | ChapMessage::Failure { message } => {
            f.insert("message".into(), json!(text(message)));
        }
        ChapMessage::Unknown { .. } => {}
    }
    walk.layer(
        "chap",
        pos,
        usize::from(packet.length()),
        packet.to_string(),
        f,
    );
}

fn pppoe_header_fields(p: &PppoePacket<&[u8]>) -> Map<String, Value> {
    let mut f = Map::new();
    f.insert("version".into(), json!(p.version()));
    f.insert("type".into(), json!(p.pppoe_type()));
    f.insert("code".into(), json!(p.code().value()));
    f.insert("session_id".into(), json!(p.session_id()));
    f.insert("payload_length".into(), json!(p.payload_len()));
    f
}

/// PPPoE discovery (EtherType 0x8863): header and tags; returns the bytes it covers.
pub(crate) fn pppoe_discovery(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    let packet = match PppoePacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("pppoed", pos, e);
            return None;
        }
    };
    let mut f = pppoe_header_fields(&packet);
    let mut tags = Vec::new();
    let mut walker = Tags::new(packet.payload());
    let mut error = None;
    loop {
        let at = walker.offset();
        match walker.next() {
            None => break,
            Some(Ok(t)) => {
                let data = packet
                    .payload()
                    .get(at + 4..at + 4 + t.value_len())
                    .unwrap_or(&[]);
                tags.push(json!({
                    "type": t.kind(),
                    "pos": pos + 6 + at,
                    "len": t.value_len(),
                    "value_hex": plain_hex(data),
                }));
            }
            Some(Err(e)) => {
                error = Some(e);
                break;
            }
        }
    }
    if !tags.is_empty() {
        f.insert("tags".into(), Value::Array(tags));
    }
    let size = 6 + packet.payload().len();
    walk.layer("pppoed", pos, size, packet.to_string(), f);
    if let Some(e) = error {
        walk.error("pppoed", pos, e.shifted(6));
    }
    Some(size)
}

/// PPPoE session (EtherType 0x8864): the 6-byte header, then the PPP frame of `length`
/// bytes; returns the bytes it covers.
pub(crate) fn pppoe_session(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    let packet = match PppoePacket::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("pppoes", pos, e);
            return None;
        }
    };
    let f = pppoe_header_fields(&packet);
    walk.layer("pppoes", pos, 6, packet.to_string(), f);
    if packet.code() == PppoeCode::Session {
        ppp_with_direction(walk, packet.payload(), pos + 6, None);
    } else {
        walk.data(pos + 6, packet.payload());
    }
    Some(6 + packet.payload().len())
}

#[cfg(test)]
mod tests {
    use super::super::{LINKTYPE_PPP, LINKTYPE_PPP_WITH_DIR, Options, dissect};
    use serde_json::json;

    #[test]
    fn ppp_with_dir_positions_count_after_the_direction_byte() {
        // ppp_pap.pcapng frame 7: direction byte 0 (received), then PAP Authenticate-Request.
        let frame = b"\x00\xc0\x23\x01\x01\x00\x15\x06client\x09s3cr3t-Pw\xe4\x18";
        let p = dissect(7, LINKTYPE_PPP_WITH_DIR, 26, frame, &Options::default());
        assert_eq!(p.protocols(), "ppp:pap");
        let j = p.to_json();
        assert_eq!(
            (j["len"].clone(), j["caplen"].clone()),
            (json!(25), json!(25))
        );
        assert_eq!(j["layers"][0]["direction"], json!("1"));
        assert_eq!(j["layers"][0]["pos"], json!(0));
        assert_eq!(j["layers"][1]["pos"], json!(2));
        assert_eq!(j["layers"][1]["size"], json!(23));
        assert_eq!(j["layers"][1]["password"], json!("s3cr3t-Pw"));
        assert_eq!(
            p.layers[1].summary,
            "PAP Authenticate-Request id=1 peer-id=\"client\" password=<9 bytes>"
        );
    }

    #[test]
    fn damaged_options_are_reported_not_fatal() {
        // LCP Configure-Request whose second option has length 1.
        let frame = [
            0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x0a, 0x01, 0x04, 0x05, 0xdc, 0x03, 0x01,
        ];
        let p = dissect(1, LINKTYPE_PPP, 14, &frame, &Options::default());
        assert_eq!(p.protocols(), "ppp:lcp");
        let j = p.to_json();
        assert_eq!(j["layers"][1]["options"][0]["value_hex"], json!("05dc"));
        assert_eq!(j["errors"][0]["offset"], json!(13));
        // A truncated frame: an error, no panic.
        let p = dissect(2, LINKTYPE_PPP, 14, &frame[..9], &Options::default());
        assert_eq!(p.protocols(), "ppp");
        assert_eq!(p.errors[0].proto, "lcp");
    }
}
