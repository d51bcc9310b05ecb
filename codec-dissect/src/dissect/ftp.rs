//! The `ftp` layer: one FTP control segment, as Wireshark 4.0 shows it without TCP
//! reassembly (`packet-ftp.c`).
//!
//! Fields: `is_response` (the segment comes from the server port), `lines[]` with every
//! line's `text`, `pos` and `size`; the first line also has `command` and `arg` (a request:
//! the first token and what follows one space) or `code` and `arg` (a response line that
//! starts with three digits: the text after `ddd` and its separator). A segment holding the
//! middle of a multi-line reply has lines without code, as Wireshark shows them. The codec's
//! [`CommandRepr`] and [`Reply`] make the summary.

use super::Walk;
use super::app::Ports;
use codec_app::ftp::{CommandRepr, Reply};
use serde_json::{Map, Value, json};

/// Wireshark's `tvb_find_line_end(tvb, offset, len, &next, FALSE)` over `bytes`: the
/// length of the line starting at `offset` (up to `len` bytes, `None` for the rest) and
/// the offset after its end (CR LF, CR, or LF; a CR as the last byte ends the line alone).
pub(crate) fn find_line_end(bytes: &[u8], offset: usize, len: Option<usize>) -> (usize, usize) {
    let rest = bytes.get(offset..).unwrap_or(&[]);
    let end = len.map_or(rest.len(), |l| l.min(rest.len()));
    let window = rest.get(..end).unwrap_or(&[]);
    match window.iter().position(|&b| b == b'\r' || b == b'\n') {
        None => (end, offset + end),
        Some(i) => {
            let crlf = window.get(i) == Some(&b'\r') && window.get(i + 1) == Some(&b'\n');
            (i, offset + i + 1 + usize::from(crlf))
        }
    }
}

/// A string as Wireshark's `format_text` shows it: printable ASCII as is, C escapes for
/// control characters, `\xNN` for the others below 0x20, UTF-8 kept, invalid bytes as
/// U+FFFD.
pub(crate) fn ws_text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => s.push_str("\\\\"),
                '\x07' => s.push_str("\\a"),
                '\x08' => s.push_str("\\b"),
                '\x0c' => s.push_str("\\f"),
                '\n' => s.push_str("\\n"),
                '\r' => s.push_str("\\r"),
                '\t' => s.push_str("\\t"),
                '\x0b' => s.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    s.push_str(&format!("\\x{:02x}", c as u32));
                }
                c => s.push(c),
            }
        }
        for _ in chunk.invalid() {
            s.push('\u{fffd}');
        }
    }
    s
}

/// Whether a segment between `ports` goes to the server (Wireshark: the destination port
/// is the one the FTP dissector was registered on, 21; with `--decode-as` on other ports,
/// the lower port is taken for the server's).
fn is_request(ports: Ports) -> bool {
    match (ports.src, ports.dst) {
        (_, 21) => true,
        (21, _) => false,
        (s, d) => d < s,
    }
}

/// Dissects a FTP control payload at `pos`.
pub(crate) fn ftp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ports: Ports) {
    let request = is_request(ports);
    let mut lines = Vec::new();
    let (linelen, next) = find_line_end(bytes, 0, None);
    let first = bytes.get(..linelen).unwrap_or(&[]);
    let mut line = Map::new();
    line.insert(
        "text".into(),
        json!(ws_text(bytes.get(..next).unwrap_or(&[]))),
    );
    line.insert("pos".into(), json!(pos));
    line.insert("size".into(), json!(next));
    let summary = if request {
        // The first token up to a space, then the argument after that space.
        let token = first.iter().position(|&b| b == b' ').unwrap_or(first.len());
        if token > 0 {
            line.insert(
                "command".into(),
                json!(ws_text(first.get(..token).unwrap_or(&[]))),
            );
        }
        let arg_at = if token < first.len() {
            token + 1
        } else {
            token
        };
        if let Some(arg) = first.get(arg_at..).filter(|a| !a.is_empty()) {
            line.insert("arg".into(), json!(ws_text(arg)));
        }
        match CommandRepr::parse(first) {
            Ok(c) => c.to_string(),
            Err(e) => format!("FTP request \"{}\" ({e})", first.escape_ascii()),
        }
    } else {
        if first.len() >= 3 && first.iter().take(3).all(u8::is_ascii_digit) {
            let code = first
                .iter()
                .take(3)
                .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
            line.insert("code".into(), json!(code));
            if let Some(arg) = first.get(4..).filter(|a| !a.is_empty()) {
                line.insert("arg".into(), json!(ws_text(arg)));
            }
        }
        // The codec reads a whole reply; a segment may hold part of one.
        match Reply::parse(bytes) {
            Ok(r) => r.to_string(),
            Err(_) => format!("FTP response \"{}\"", first.escape_ascii()),
        }
    };
    lines.push(Value::Object(line));
    let mut offset = next;
    while offset < bytes.len() {
        let (_, next) = find_line_end(bytes, offset, None);
        lines.push(json!({
            "text": ws_text(bytes.get(offset..next).unwrap_or(&[])),
            "pos": pos + offset,
            "size": next - offset,
        }));
        offset = next;
    }
    let mut fields = Map::new();
    fields.insert("is_response".into(), json!(!request));
    fields.insert("lines".into(), Value::Array(lines));
    walk.layer("ftp", pos, bytes.len(), summary, fields);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_as_wireshark_finds_them() {
        assert_eq!(find_line_end(b"ab\r\ncd", 0, None), (2, 4));
        assert_eq!(find_line_end(b"ab\rcd", 0, None), (2, 3));
        assert_eq!(find_line_end(b"ab\ncd", 0, None), (2, 3));
        assert_eq!(find_line_end(b"abcd", 1, None), (3, 4));
        // Limited to 3 bytes: the CR is the last one, the LF is not looked at.
        assert_eq!(find_line_end(b"ab\r\n", 0, Some(3)), (2, 3));
        assert_eq!(ws_text(b"220 ok\r\n"), "220 ok\\r\\n");
        assert_eq!(ws_text(b"a\xff\x01"), "a\u{fffd}\\x01");
    }
}
