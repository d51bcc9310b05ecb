//! The `msnms` layer: MSN messenger commands on TCP port 1863, as Wireshark names the
//! protocol (no shared capture carries it, so there is no reference to agree with).
//!
//! Each line of the segment is listed (`lines[]`: `text`, `pos`, `size`) with, where it
//! parses as a command ([`Command::parse_line`]), its `command`, `trid` and `params`. The
//! payload announced by `MSG` (and the other payload commands) is listed as one `payload`
//! entry of its length when the segment holds it; a segment cut inside a payload lists the
//! rest as payload too.

use super::Walk;
use super::app::Ports;
use super::ftp::{find_line_end, ws_text};
use codec_app::msnp::{Command, has_payload};
use serde_json::{Map, Value, json};

/// Dissects an MSN messenger payload at `pos`.
pub(crate) fn msnp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    let mut lines = Vec::new();
    let mut summary = Vec::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let (linelen, next) = find_line_end(bytes, offset, None);
        let line = bytes.get(offset..offset + linelen).unwrap_or(&[]);
        let mut item = Map::new();
        item.insert(
            "text".into(),
            json!(ws_text(bytes.get(offset..next).unwrap_or(&[]))),
        );
        item.insert("pos".into(), json!(pos + offset));
        item.insert("size".into(), json!(next - offset));
        let mut payload = 0usize;
        if let Ok(c) = Command::parse_line(line) {
            item.insert("command".into(), json!(ws_text(&c.name())));
            if let Some(t) = c.trid() {
                item.insert("trid".into(), json!(t));
            }
            let params: Vec<Value> = c.params().map(|p| json!(ws_text(p))).collect();
            item.insert("params".into(), Value::Array(params));
            if has_payload(c.name())
                && let Ok(n) = c.payload_len()
            {
                payload = n as usize;
            }
            summary.push(c.to_string());
        }
        lines.push(Value::Object(item));
        offset = next;
        if payload > 0 {
            let end = offset.saturating_add(payload).min(bytes.len());
            lines.push(json!({
                "payload": ws_text(bytes.get(offset..end).unwrap_or(&[])),
                "pos": pos + offset,
                "size": end - offset,
            }));
            offset = end;
        }
    }
    let mut fields = Map::new();
    fields.insert("lines".into(), Value::Array(lines));
    let text = if summary.is_empty() {
        format!("MSNP {} bytes", bytes.len())
    } else {
        summary.join(", ")
    };
    walk.layer("msnms", pos, bytes.len(), text, fields);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode_as::Transport;
    use crate::dissect::Options;

    #[test]
    fn commands_and_payload() {
        let options = Options::default();
        let mut walk = Walk::for_test(&options);
        let ports = Ports {
            transport: Transport::Tcp,
            src: 1025,
            dst: 1863,
        };
        msnp(
            &mut walk,
            b"MSG 4 N 5\r\nHelloUSR 2 MD5 I a@b.c\r\n",
            54,
            ports,
        );
        let layer = &walk.packet.layers[0];
        assert_eq!((layer.proto, layer.pos, layer.size), ("msnms", 54, 35));
        let lines = layer.fields["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["command"], "MSG");
        assert_eq!(lines[0]["trid"], 4);
        assert_eq!(lines[1], json!({"payload": "Hello", "pos": 65, "size": 5}));
        assert_eq!(lines[2]["params"], json!(["MD5", "I", "a@b.c"]));
        assert_eq!(layer.summary, "MSNP MSG 4 N 5, MSNP USR 2 MD5 I a@b.c");
    }
}
