//! The `telnet` layer: one Telnet segment, as Wireshark 4.0 shows it without TCP
//! reassembly (`packet-telnet.c`).
//!
//! `items[]` lists, in order, the data lines (`{"data"}`: a line up to CR LF, LF, CR NUL or
//! the end of a data run) and the commands (`{"cmd", "opt", "sb", "raw_hex"}`). As in
//! Wireshark, a subnegotiation item covers `IAC SB opt params` and its `IAC SE` is an item
//! of its own; `IAC IAC` stays inside the data; the subnegotiation's decoded fields (`sb`)
//! use Wireshark's field names. The codec parses each subnegotiation
//! ([`SubnegotiationRepr`]) for the layer summary.
//!
//! Wireshark's quirks are kept where they change what is listed: a lone IAC at the end of
//! the segment stops the dissection before the data that precedes it is listed, and the
//! end of a subnegotiation is searched with the test `iac_offset + 1 >= len` that compares
//! an offset in the segment with a length counted from the option byte.

use super::Walk;
use super::app::Ports;
use super::colon_hex;
use super::ftp::{find_line_end, ws_text};
use super::plain_hex;
use codec_app::telnet::{IAC, SB, SubnegotiationRepr, TelnetOption, Verb};
use serde_json::{Map, Value, json};

/// How Wireshark checks a subnegotiation's length before calling its dissector.
#[derive(Clone, Copy)]
enum Len {
    Fixed(usize),
    AtLeast(usize),
}

/// The options whose parameters Wireshark 4.0 decodes (the others: `telnet.option_data`).
fn sub_dissector(option: u8) -> Option<Len> {
    match option {
        24 | 35 | 37 | 38 => Some(Len::AtLeast(1)),
        31 => Some(Len::Fixed(4)),
        33 => Some(Len::Fixed(1)),
        _ => None,
    }
}

/// The bytes a subdissector reads: the segment itself, or the unescaped parameters.
/// Reading past the end raises Wireshark's exception: the fields so far stay.
struct Tvb<'a>(&'a [u8]);

impl Tvb<'_> {
    fn get(&self, at: usize) -> Option<u8> {
        self.0.get(at).copied()
    }

    fn range(&self, at: usize, len: usize) -> Option<&[u8]> {
        self.0.get(at..at.checked_add(len)?)
    }
}

fn put(sb: &mut Map<String, Value>, key: &str, value: String) {
    sb.insert(key.to_string(), Value::String(value));
}

/// The type and modifier of an AUTHENTICATION pair (`dissect_authentication_type_pair`).
fn auth_pair(tvb: &Tvb<'_>, off: usize, sb: &mut Map<String, Value>) -> Option<()> {
    put(sb, "telnet.auth.type", tvb.get(off)?.to_string());
    let m = tvb.get(off + 1)?;
    put(sb, "telnet.auth.mod.enc", ((m & 0x14) >> 2).to_string());
    put(sb, "telnet.auth.mod.cred_fwd", ((m >> 3) & 1).to_string());
    put(sb, "telnet.auth.mod.how", ((m >> 1) & 1).to_string());
    put(sb, "telnet.auth.mod.who", (m & 1).to_string());
    Some(())
}

/// The decoded fields of a subnegotiation (Wireshark's names, values as displayed) whose
/// `len` parameter bytes start at `offset` in `tvb`; `None` where Wireshark's
/// subdissector runs past the data (the fields so far stay).
fn sb_fields(
    option: u8,
    tvb: &Tvb<'_>,
    offset: usize,
    len: usize,
    sb: &mut Map<String, Value>,
) -> Option<()> {
    match option {
        24 | 35 => {
            let cmd = tvb.get(offset)?;
            let rest = len.saturating_sub(1);
            if rest > 0 {
                let v = tvb.range(offset + 1, rest)?;
                match cmd {
                    0 => put(sb, "telnet.string_subopt.value", ws_text(v)),
                    _ => put(sb, "telnet.subcommand_data", colon_hex(v)),
                }
            }
        }
        31 => {
            let w = tvb.range(offset, 2)?;
            put(
                sb,
                "telnet.naws_subopt.width",
                u16::from_be_bytes([*w.first()?, *w.get(1)?]).to_string(),
            );
            let h = tvb.range(offset + 2, 2)?;
            put(
                sb,
                "telnet.naws_subopt.height",
                u16::from_be_bytes([*h.first()?, *h.get(1)?]).to_string(),
            );
        }
        33 => put(sb, "telnet.rfc_subopt.cmd", tvb.get(offset)?.to_string()),
        37 => {
            let acmd = tvb.get(offset)?;
            put(sb, "telnet.auth.cmd", acmd.to_string());
            let mut off = offset + 1;
            let mut left = len.saturating_sub(1);
            match acmd {
                0 | 2 => {
                    auth_pair(tvb, off, sb)?;
                    put(sb, "telnet.auth.krb5.cmd", tvb.get(off + 2)?.to_string());
                }
                1 => {
                    while left > 0 {
                        auth_pair(tvb, off, sb)?;
                        off += 2;
                        left = left.saturating_sub(2);
                    }
                }
                3 => put(sb, "telnet.auth.name", ws_text(tvb.range(off, left)?)),
                _ => {}
            }
        }
        38 => {
            let ecmd = tvb.get(offset)?;
            put(sb, "telnet.enc.cmd", ecmd.to_string());
            let off = offset + 1;
            let left = len.saturating_sub(1);
            match ecmd {
                0 | 2 if left > 0 => {
                    put(sb, "telnet.enc.type", tvb.get(off)?.to_string());
                    put(
                        sb,
                        "telnet.enc.type_data",
                        colon_hex(tvb.range(off + 1, left - 1)?),
                    );
                }
                1 => {
                    let types: Vec<Value> = (0..left)
                        .map(|i| tvb.get(off + i).map(|t| Value::String(t.to_string())))
                        .collect::<Option<_>>()?;
                    match types.len() {
                        0 => {}
                        1 => {
                            sb.insert("telnet.enc.type".into(), types.into_iter().next()?);
                        }
                        _ => {
                            sb.insert("telnet.enc.type".into(), Value::Array(types));
                        }
                    }
                }
                3 | 5 | 7 | 8 if left > 0 => {
                    put(sb, "telnet.enc.key_id", colon_hex(tvb.range(off, left)?));
                }
                _ => {}
            }
        }
        _ => {}
    }
    Some(())
}

/// `IAC IAC` pairs undone.
fn unescape(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        out.push(b);
        i += if b == IAC && bytes.get(i + 1) == Some(&IAC) {
            2
        } else {
            1
        };
    }
    out
}

/// The data items of `bytes[offset..offset + len]`, a line at a time (`telnet_add_text`).
fn add_text(items: &mut Vec<Value>, bytes: &[u8], mut offset: usize, mut len: usize) {
    while len != 0 && offset < bytes.len() {
        let (linelen, mut next) = find_line_end(bytes, offset, Some(len));
        len = len.saturating_sub(next - offset);
        if next == offset + linelen + 1 && len >= 1 && bytes.get(offset + linelen) == Some(&b'\r') {
            // A CR alone: the line goes on to LF, or to a NUL right after a CR.
            let mut last_was_cr = true;
            while len != 0 && next < bytes.len() {
                let c = bytes.get(next).copied().unwrap_or(0);
                next += 1;
                len -= 1;
                if c == b'\n' || (c == 0 && last_was_cr) {
                    break;
                }
                last_was_cr = c == b'\r';
            }
        }
        let line = bytes.get(offset..next).unwrap_or(&[]);
        let shown: Vec<u8> = line
            .iter()
            .filter(|&&b| b != b'\r' && b != 0)
            .map(|&b| if b == b'\n' { b' ' } else { b })
            .collect();
        items.push(json!({ "data": String::from_utf8_lossy(&shown) }));
        offset = next;
    }
}

/// Dissects a Telnet payload at `pos`.
pub(crate) fn telnet(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    let mut items: Vec<Value> = Vec::new();
    let mut summary: Vec<String> = Vec::new();
    let mut offset = 0;
    let mut truncated = false;
    'walk: while offset < bytes.len() {
        // The next IAC that is not IAC IAC (reading past the end is Wireshark's exception).
        let mut at = offset;
        let iac = loop {
            match memchr_from(bytes, at) {
                None => break None,
                Some(i) => match bytes.get(i + 1) {
                    None => {
                        truncated = true;
                        break 'walk;
                    }
                    Some(&IAC) => at = i + 2,
                    Some(_) => break Some(i),
                },
            }
        };
        let Some(start) = iac else {
            add_text(&mut items, bytes, offset, bytes.len() - offset);
            if summary.last().is_none_or(|s| s != "data") {
                summary.push("data".into());
            }
            break;
        };
        if start > offset {
            add_text(&mut items, bytes, offset, start - offset);
            if summary.last().is_none_or(|s| s != "data") {
                summary.push("data".into());
            }
        }
        let cmd = bytes.get(start + 1).copied().unwrap_or(0);
        let mut item = Map::new();
        item.insert("cmd".into(), json!(cmd));
        let mut end = start + 2;
        if Verb::from_byte(cmd).is_some() || cmd == SB {
            let Some(&opt) = bytes.get(start + 2) else {
                item.insert(
                    "raw_hex".into(),
                    json!(plain_hex(bytes.get(start..start + 2).unwrap_or(&[]))),
                );
                items.push(Value::Object(item));
                truncated = true;
                break;
            };
            item.insert("opt".into(), json!(opt));
            end = start + 3;
            if let Some(verb) = Verb::from_byte(cmd) {
                summary.push(format!("{verb} {}", TelnetOption::from(opt)));
            } else {
                end = sub_option(bytes, start, opt, &mut item, &mut summary);
            }
        } else {
            summary.push(codec_app::telnet::Command::from(cmd).to_string());
        }
        item.insert(
            "raw_hex".into(),
            json!(plain_hex(bytes.get(start..end).unwrap_or(&[]))),
        );
        items.push(Value::Object(item));
        offset = end;
    }
    let mut fields = Map::new();
    fields.insert("items".into(), Value::Array(items));
    let mut text = format!("Telnet {}", summary.join(", "));
    if truncated {
        text.push_str(" [cut short by the end of the segment]");
    }
    walk.layer("telnet", pos, bytes.len(), text, fields);
}

fn memchr_from(bytes: &[u8], at: usize) -> Option<usize> {
    bytes
        .get(at..)
        .and_then(|b| b.iter().position(|&x| x == IAC))
        .map(|i| i + at)
}

/// `IAC SB opt ...` at `start`: fills the item's `sb` and returns where it ends (the IAC
/// that closes it, or the end of the segment).
fn sub_option(
    bytes: &[u8],
    start: usize,
    opt: u8,
    item: &mut Map<String, Value>,
    summary: &mut Vec<String>,
) -> usize {
    let params_at = start + 3;
    let len = bytes.len().saturating_sub(params_at);
    let mut cur = params_at;
    let mut escaped = 0;
    let end = loop {
        match memchr_from(bytes, cur) {
            None => break params_at + len,
            Some(i) => {
                if i + 1 >= len || bytes.get(i + 1) != Some(&IAC) {
                    break i;
                }
                cur = i + 2;
                escaped += 1;
            }
        }
    };
    let subneg_len = end.saturating_sub(params_at);
    let raw = bytes.get(params_at..end).unwrap_or(&[]);
    let params = unescape(raw);
    let option = TelnetOption::from(opt);
    summary.push(match SubnegotiationRepr::parse(option, &params) {
        Ok(repr) => format!("SB {repr}"),
        Err(e) => format!("SB {option} ({e})"),
    });
    if subneg_len == 0 {
        return end;
    }
    let mut sb = Map::new();
    match sub_dissector(opt) {
        None => {
            sb.insert("telnet.option_data".into(), json!(colon_hex(&params)));
        }
        Some(rule) => {
            let n = subneg_len - escaped;
            let ok = match rule {
                Len::Fixed(k) => n == k,
                Len::AtLeast(k) => n >= k,
            };
            if ok {
                if escaped > 0 {
                    let _ = sb_fields(opt, &Tvb(&params), 0, n, &mut sb);
                } else {
                    let _ = sb_fields(opt, &Tvb(bytes), params_at, subneg_len, &mut sb);
                }
            }
        }
    }
    if !sb.is_empty() {
        item.insert("sb".into(), Value::Object(sb));
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode_as::Transport;
    use crate::dissect::Options;

    fn items(payload: &[u8]) -> Value {
        let options = Options::default();
        let mut walk = Walk::for_test(&options);
        let ports = Ports {
            transport: Transport::Tcp,
            src: 23,
            dst: 1000,
        };
        telnet(&mut walk, payload, 0, ports);
        walk.packet.layers[0].fields["items"].clone()
    }

    #[test]
    fn wireshark_quirks() {
        // A lone IAC at the end: nothing listed, not even the data before it.
        assert_eq!(items(b"abc\xff"), json!([]));
        // IAC IAC stays in the data line.
        assert_eq!(items(b"a\xff\xffb\r\n").as_array().unwrap().len(), 1);
        // A negotiation cut after its verb.
        assert_eq!(items(b"\xff\xfb"), json!([{"cmd": 251, "raw_hex": "fffb"}]));
        // CR NUL ends a line; a bare CR does not.
        assert_eq!(items(b"a\r\0b\rc\n").as_array().unwrap().len(), 2);
        // NAWS with an escaped 255: decoded from the unescaped bytes.
        let v = items(b"\xff\xfa\x1f\x00\xff\xff\x00\x18\xff\xf0");
        assert_eq!(v[0]["sb"]["telnet.naws_subopt.width"], json!("255"));
        assert_eq!(v[0]["raw_hex"], json!("fffa1f00ffff0018"));
        assert_eq!(v[1], json!({"cmd": 240, "raw_hex": "fff0"}));
    }
}
