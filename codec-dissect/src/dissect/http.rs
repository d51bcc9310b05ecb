//! The `http` layer: HTTP/1.x request and response heads, parsed by the `httparse` crate.
//!
//! Each segment is decoded on its own, as Wireshark does without reassembly: a payload that
//! starts with a request or status line is a message head (its fields: `method`, `uri`,
//! `req_version`, or `resp_version`, `code`, `phrase`; `host`, `content_length` and the
//! `header_lines`, each shown with its line end as one space, as in the references); the body
//! its `Content-Length` announces follows as `data-text-lines` (text types) or `data`, and
//! what is left after it is the next message. A payload that starts with anything else is a
//! continuation: an `http` layer with no fields. A head cut by the end of the segment is
//! parsed up to its last complete line.

use super::Walk;
use super::app::Ports;
use serde_json::{Map, Value, json};

/// Headers parsed per message; a head with more is shown up to the limit.
const MAX_HEADERS: usize = 128;

/// What `httparse` made of a message head, as owned fields.
struct Head {
    fields: Map<String, Value>,
    summary: String,
    /// Bytes of the head (request or status line, headers, blank line), or `None` when the
    /// head is cut by the end of the segment.
    len: Option<usize>,
    is_response: bool,
    content_length: Option<usize>,
    text_body: bool,
}

fn header_lines(head: &[u8]) -> Vec<Value> {
    head.split_inclusive(|&b| b == b'\n')
        .skip(1)
        .filter(|line| line.ends_with(b"\n"))
        .filter(|line| line.iter().any(|&b| b != b'\r' && b != b'\n'))
        .map(|line| {
            let text = line.strip_suffix(b"\n").unwrap_or(line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            json!(format!("{} ", String::from_utf8_lossy(text)))
        })
        .collect()
}

fn version(v: u8) -> String {
    format!("HTTP/1.{v}")
}

fn header<'h>(headers: &[httparse::Header<'h>], name: &str) -> Option<&'h [u8]> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// The fields every head has besides its first line.
fn finish_head(
    mut fields: Map<String, Value>,
    summary: String,
    headers: &[httparse::Header<'_>],
    head: &[u8],
    len: Option<usize>,
    is_response: bool,
) -> Head {
    if let Some(host) = header(headers, "host") {
        fields.insert("host".into(), json!(String::from_utf8_lossy(host)));
    }
    let length = header(headers, "content-length");
    if let Some(length) = length {
        fields.insert(
            "content_length".into(),
            json!(String::from_utf8_lossy(length)),
        );
    }
    let lines = header_lines(head);
    if !lines.is_empty() {
        fields.insert("header_lines".into(), Value::Array(lines));
    }
    Head {
        fields,
        summary,
        len,
        is_response,
        content_length: length
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse().ok()),
        text_body: header(headers, "content-type")
            .and_then(|t| t.get(..5))
            .is_some_and(|p| p.eq_ignore_ascii_case(b"text/")),
    }
}

/// Parses a head at the start of `bytes` with httparse; a head cut by the end of `bytes`
/// is parsed up to its last complete line.
fn parse_head(bytes: &[u8], cut: bool) -> Option<Head> {
    let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let (fields, summary, status, headers, is_response) = if bytes.starts_with(b"HTTP/") {
        let mut r = httparse::Response::new(&mut storage);
        let status = r.parse(bytes).ok()?;
        let (Some(code), Some(v)) = (r.code, r.version) else {
            return None;
        };
        let phrase = r.reason.unwrap_or_default();
        let mut fields = Map::new();
        fields.insert("resp_version".into(), json!(version(v)));
        fields.insert("code".into(), json!(code));
        fields.insert("phrase".into(), json!(phrase));
        let summary = format!("{} {code} {phrase}", version(v));
        (fields, summary, status, r.headers, true)
    } else {
        let mut r = httparse::Request::new(&mut storage);
        let status = r.parse(bytes).ok()?;
        let (Some(method), Some(uri), Some(v)) = (r.method, r.path, r.version) else {
            return None;
        };
        let mut fields = Map::new();
        fields.insert("method".into(), json!(method));
        fields.insert("uri".into(), json!(uri));
        fields.insert("req_version".into(), json!(version(v)));
        let summary = format!("{method} {uri} {}", version(v));
        (fields, summary, status, r.headers, false)
    };
    match status {
        httparse::Status::Complete(n) => {
            let len = (!cut).then_some(n);
            let head = bytes.get(..n).unwrap_or(bytes);
            Some(finish_head(
                fields,
                summary,
                headers,
                head,
                len,
                is_response,
            ))
        }
        httparse::Status::Partial if !cut => {
            // Close the complete lines with the blank line that ends a head.
            let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let mut closed = bytes.get(..end).unwrap_or_default().to_vec();
            closed.extend_from_slice(b"\r\n");
            match parse_head(&closed, true) {
                Some(head) => Some(head),
                None => Some(finish_head(fields, summary, &[], b"", None, is_response)),
            }
        }
        httparse::Status::Partial => None,
    }
}

/// Dissects the HTTP messages of a TCP payload at `pos`.
pub(crate) fn http(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    let mut at = 0usize;
    // Each round consumes at least one byte, so this ends.
    while let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
        let here = pos + at;
        let Some(head) = parse_head(rest, false) else {
            walk.layer(
                "http",
                here,
                rest.len(),
                format!("Continuation ({} bytes)", rest.len()),
                Map::new(),
            );
            return;
        };
        let Some(head_len) = head.len.filter(|&n| n > 0) else {
            walk.layer("http", here, rest.len(), head.summary, head.fields);
            return;
        };
        walk.layer("http", here, head_len, head.summary, head.fields);
        let after_head = rest.get(head_len..).unwrap_or_default();
        let body_len = match head.content_length {
            Some(n) => n.min(after_head.len()),
            // A response without a length runs to the end of the connection.
            None if head.is_response => after_head.len(),
            None => 0,
        };
        if body_len > 0 {
            let body = after_head.get(..body_len).unwrap_or_default();
            let body_pos = here + head_len;
            if head.text_body {
                let lines = body.split_inclusive(|&b| b == b'\n').count();
                walk.layer(
                    "data-text-lines",
                    body_pos,
                    body_len,
                    format!("{lines} lines of text"),
                    Map::new(),
                );
            } else {
                walk.data(body_pos, body);
            }
        }
        at += head_len + body_len;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Packet};
    use super::*;
    use crate::decode_as::Transport;

    /// A payload at byte 66, as in net_tcp_http.pcap.
    fn run(bytes: &[u8]) -> Packet {
        run_at(bytes, 66)
    }

    // net_tcp_http.pcap frame 4: curl's request, 87 bytes at offset 66.
    const REQUEST: &[u8] = b"GET /index.txt HTTP/1.1\r\nHost: 10.78.0.2:8000\r\n\
        User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";

    #[test]
    fn request_head_as_the_reference() {
        let p = run(REQUEST);
        let json = p.to_json();
        let theirs: Value = serde_json::from_str(
            r#"{"proto": "http", "pos": 66, "size": 87, "method": "GET", "uri": "/index.txt",
            "req_version": "HTTP/1.1", "host": "10.78.0.2:8000", "header_lines":
            ["Host: 10.78.0.2:8000 ", "User-Agent: curl/7.88.1 ", "Accept: */* "]}"#,
        )
        .unwrap();
        assert_eq!(json["layers"][0], theirs);
        assert_eq!(p.layers[0].summary, "GET /index.txt HTTP/1.1");
        assert_eq!(p.layers.len(), 1);
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// ppp_chapvj.pcapng frame 38, the TCP payload (at byte 40 of the rebuilt datagram): the
    /// response head, then the frame's two FCS bytes, which Wireshark takes for the start of
    /// the text/plain body.
    const RESPONSE_FRAME_38: &str = "485454502f312e3020323030204f4b0d0a5365727665723a2053696d706c65485454502f302e36\
        20507974686f6e2f332e31312e320d0a446174653a205361742c203231204e6f7620323032362030363a30\
        323a303120474d540d0a436f6e74656e742d747970653a20746578742f706c61696e0d0a436f6e74656e74\
        2d4c656e6774683a2031350d0a4c6173742d4d6f6469666965643a205361742c203231204e6f7620323032\
        362030363a30313a353920474d540d0a0d0ae4a0";

    /// ppp_chapvj.pcapng frame 36: curl's request, then the two FCS bytes.
    const REQUEST_FRAME_36: &str = "474554202f696e6465782e74787420485454502f312e310d0a486f73743a2031302e302e302e32\
        3a383038300d0a557365722d4167656e743a206375726c2f372e38382e310d0a4163636570743a202a2f2a\
        0d0a0d0aed2b";

    fn run_at(bytes: &[u8], pos: usize) -> Packet {
        let options = Options::default();
        let mut walk = Walk::for_test(&options);
        let ports = Ports {
            transport: Transport::Tcp,
            src: 8080,
            dst: 57296,
        };
        http(&mut walk, bytes, pos, ports);
        walk.packet
    }

    #[test]
    fn response_with_cut_text_body_and_request_with_trailing_bytes_as_the_reference() {
        // Reference: http at 40 (186 bytes), data-text-lines at 226 (2 bytes).
        let p = run_at(&hex(RESPONSE_FRAME_38), 40);
        let layers: Vec<_> = p.layers.iter().map(|l| (l.proto, l.pos, l.size)).collect();
        assert_eq!(layers, [("http", 40, 186), ("data-text-lines", 226, 2)]);
        assert_eq!(p.layers[0].fields["resp_version"], json!("HTTP/1.0"));
        assert_eq!(p.layers[0].fields["code"], json!(200));
        assert_eq!(p.layers[0].fields["phrase"], json!("OK"));
        assert_eq!(p.layers[0].fields["content_length"], json!("15"));
        assert_eq!(
            p.layers[0].fields["header_lines"][0],
            json!("Server: SimpleHTTP/0.6 Python/3.11.2 ")
        );
        // Reference: http at 40, then an http continuation at 126 (2 bytes). Wireshark's
        // first item spans the rest of the segment (88 bytes); the head itself ends with its
        // empty line after 86 bytes (RFC 9112 §2.1), which is the size we give.
        let p = run_at(&hex(REQUEST_FRAME_36), 40);
        let layers: Vec<_> = p.layers.iter().map(|l| (l.proto, l.pos, l.size)).collect();
        assert_eq!(layers, [("http", 40, 86), ("http", 126, 2)]);
        assert_eq!(p.layers[0].fields["host"], json!("10.0.0.2:8080"));
        assert!(p.layers[1].fields.is_empty());
        assert_eq!(p.layers[1].summary, "Continuation (2 bytes)");
    }

    #[test]
    fn head_cut_by_the_segment_keeps_its_complete_lines() {
        // Frame 38's head cut 2 bytes into its third line: status line and Server header
        // are whole (17 + 38 bytes).
        let bytes = hex(RESPONSE_FRAME_38);
        let p = run_at(&bytes[..57], 40);
        assert_eq!((p.layers[0].pos, p.layers[0].size), (40, 57));
        assert_eq!(p.layers[0].fields["phrase"], json!("OK"));
        assert_eq!(
            p.layers[0].fields["header_lines"],
            json!(["Server: SimpleHTTP/0.6 Python/3.11.2 "])
        );
        assert!(p.layers[0].fields.get("content_length").is_none());
    }

    #[test]
    fn body_bytes_alone_are_a_continuation() {
        // net_tcp_http.pcap frame 8: the 15-byte body of the previous response.
        let p = run(b"hello over tcp\n");
        assert_eq!(p.layers.len(), 1);
        assert_eq!((p.layers[0].proto, p.layers[0].size), ("http", 15));
        assert!(p.layers[0].fields.is_empty());
    }
}
