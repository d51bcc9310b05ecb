//! The `dhcp` layer: DHCP / BOOTP (RFC 2131, RFC 2132), with the fields of Wireshark's
//! `dhcp` layer.
//!
//! The options are listed as Wireshark lists them: each option with its position, size,
//! length and value bytes; a run of PAD bytes as one `type` 0 entry; END as an entry of its
//! own (Wireshark 4.0 gives its item the value 0; we write the code on the wire, 255, see
//! `tests/conformance-exceptions.tsv`); the padding after END is not listed. The fields
//! that option 52 overloads are walked after the options field, `file` first (RFC 2131
//! §4.1). A message whose options are damaged keeps the options before the damage and
//! reports the error.

use super::Walk;
use super::app::Ports;
use super::plain_hex;
use codec_app::dhcp::{DhcpPacket, FILE_OFFSET, HEADER_LEN, Overload, SNAME_OFFSET};
use codec_core::tlv::{TlvFormat, Tlvs};
use serde_json::{Map, Value, json};

/// A NUL-terminated string field as Wireshark shows it.
fn string_field(bytes: &[u8]) -> String {
    let n = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..n).unwrap_or(&[])).into_owned()
}

/// Lists the options of one field (`bytes` at `base` in the message, `pos` in the frame).
fn list_options(bytes: &[u8], base: usize, pos: usize, out: &mut Vec<Value>) {
    let mut in_pad = false;
    for t in Tlvs::new(TlvFormat::DHCP_OPTIONS, bytes) {
        let Ok(t) = t else { return };
        let at = pos + base + t.offset;
        match (t.kind, t.header_len) {
            (0, 0) => {
                if !in_pad {
                    out.push(json!({ "type": 0, "pos": at, "size": 1 }));
                }
                in_pad = true;
                continue;
            }
            (_, 0) => out.push(json!({ "type": t.kind, "pos": at, "size": 1 })),
            _ => out.push(json!({
                "type": t.kind,
                "pos": at,
                "size": t.len(),
                "len": t.value.len(),
                "value_hex": plain_hex(t.value),
            })),
        }
        in_pad = false;
    }
}

/// Dissects a DHCP payload at `pos`.
pub(crate) fn dhcp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    let packet = match DhcpPacket::parse_lax(bytes) {
        Ok(p) => p,
        Err(e) => {
            walk.error("dhcp", pos, e);
            walk.data(pos, bytes);
            return;
        }
    };
    let h = packet.header();
    let mut f = Map::new();
    f.insert("op".into(), json!(h.op));
    f.insert("htype".into(), json!(h.htype));
    f.insert("hlen".into(), json!(h.hlen));
    f.insert("hops".into(), json!(h.hops));
    f.insert("xid".into(), json!(packet.xid()));
    f.insert("secs".into(), json!(packet.secs()));
    f.insert("flags".into(), json!(packet.flags().bits()));
    f.insert("ciaddr".into(), json!(packet.ciaddr().to_string()));
    f.insert("yiaddr".into(), json!(packet.yiaddr().to_string()));
    f.insert("siaddr".into(), json!(packet.siaddr().to_string()));
    f.insert("giaddr".into(), json!(packet.giaddr().to_string()));
    if let Some(mac) = packet.client_mac()
        && h.htype == 1
    {
        f.insert("chaddr".into(), json!(mac.to_string()));
    }
    if let Some(name) = packet.server_name() {
        f.insert("sname".into(), json!(string_field(name)));
    }
    if let Some(file) = packet.boot_file() {
        f.insert("file".into(), json!(string_field(file)));
    }
    f.insert(
        "cookie".into(),
        json!(core::net::Ipv4Addr::from(h.cookie).to_string()),
    );
    if let Some(t) = packet.message_type() {
        f.insert("msg_type".into(), json!(t.value()));
    }
    let mut options = Vec::new();
    list_options(packet.options_field(), HEADER_LEN, pos, &mut options);
    let overload = packet.overload().map_or(0, Overload::value);
    if overload & 1 != 0 {
        list_options(packet.file_field(), FILE_OFFSET, pos, &mut options);
    }
    if overload & 2 != 0 {
        list_options(packet.sname_field(), SNAME_OFFSET, pos, &mut options);
    }
    f.insert("options".into(), Value::Array(options));
    walk.layer("dhcp", pos, bytes.len(), packet.to_string(), f);
    if let Some(e) = packet.options_error() {
        walk.error("dhcp", pos, e);
    }
}
