//! The `dns` layer: DNS over UDP, and over TCP behind its 2-byte length (RFC 1035 §4.2).
//!
//! Fields follow Wireshark 4.0 (`../shared/oracle/oracle.py`, `p_dns`): the header words and
//! flags (`aa`, `ra` and `rcode` only in responses, as Wireshark shows them), then
//! `queries`, `answers`, `authority` and `additional`, each present when it has entries.
//! Records carry `name`, `type`, `class`, `ttl`, `rdlength` and `rdata_hex`; the OPT record
//! has no `class` and `ttl` (Wireshark shows them as payload size and EDNS fields) and SRV
//! records have no `name` (Wireshark splits it into service, protocol and name). The root
//! name is `<Root>`.
//!
//! The message is read entry by entry ([`SectionReader`]) so that a message cut by a TCP
//! segment boundary shows the entries that arrived whole, as Wireshark does without
//! reassembly; the first broken entry is reported as an error and ends the walk. A record
//! whose RDATA does not match its type is shown and reported.

use super::Walk;
use super::app::Ports;
use super::{be16, plain_hex};
use crate::decode_as::Transport;
use codec_app::dns::rdata::RData;
use codec_app::dns::{Message, Name, RrType};
use codec_core::{Error, Protocol};
use serde_json::{Map, Value, json};

/// Wireshark's text for a name the library accepted.
fn name_text(name: &Name<'_>) -> String {
    if name.is_root() {
        "<Root>".to_string()
    } else {
        name.to_string()
    }
}

/// Wireshark 4.0's reading of a name at `start` (`expand_dns_name` and `get_dns_name` in
/// `packet-dns.c`), for display only: any pointer target is followed, forward ones too, up
/// to 255 pointers or a pointer to "itself" (its own offset + 4, as Wireshark tests it);
/// past 255 octets the text becomes `<Name too long>` but the walk goes on; a read past
/// the end is Wireshark's exception (`None`), which ends the dissection. Returns the text
/// and the bytes the name takes in place. The library's own rules are stricter
/// ([`Name::parse`]); the dissector reports their verdict as the layer's error and uses this
/// only to show what Wireshark shows. Its work is bounded by 256 segments of the message.
fn wireshark_name(msg: &[u8], start: usize, segments: &mut Segments) -> Option<(String, usize)> {
    let mut offset = start;
    let mut len: Option<usize> = None;
    let mut pointers = 0u32;
    let mut maxname: i32 = 255;
    let mut out: Vec<u8> = Vec::new();
    let special = |text: &str, len: usize| (len >= 1).then(|| (text.to_string(), len));
    loop {
        if maxname <= 0 {
            return too_long_tail(msg, start, offset, len, pointers, segments);
        }
        let c = *msg.get(offset)?;
        offset += 1;
        if c == 0 {
            break;
        }
        match c & 0xc0 {
            0x00 => {
                if out.is_empty() {
                    maxname -= 1;
                } else if maxname > 0 {
                    out.push(b'.');
                    maxname -= 1;
                }
                for _ in 0..c {
                    if maxname > 0 {
                        out.push(*msg.get(offset)?);
                        maxname -= 1;
                    }
                    offset += 1;
                }
            }
            0x40 => {
                if c & 0x3f != 0x01 {
                    return special("<Unknown extended label>", offset.checked_sub(start)?);
                }
                // Bitstring label (RFC 2673).
                let bit_count = *msg.get(offset)?;
                offset += 1;
                let label_len = (i32::from(bit_count) - 1) / 8 + 1;
                let put = |text: String, maxname: &mut i32, out: &mut Vec<u8>| {
                    if *maxname > 0 {
                        if text.len() as i32 <= *maxname {
                            out.extend_from_slice(text.as_bytes());
                            *maxname -= text.len() as i32;
                        } else {
                            *maxname = 0;
                        }
                    }
                };
                put("\\[x".to_string(), &mut maxname, &mut out);
                for _ in 0..label_len {
                    if maxname > 0 {
                        let b = *msg.get(offset)?;
                        put(format!("{b:02x}"), &mut maxname, &mut out);
                    }
                    offset += 1;
                }
                put(format!("/{bit_count}]"), &mut maxname, &mut out);
            }
            0x80 => return None,
            _ => {
                let low = *msg.get(offset)?;
                let target = (usize::from(c & 0x3f) << 8) | usize::from(low);
                offset += 1;
                pointers += 1;
                let in_place = *len.get_or_insert_with(|| offset.saturating_sub(start));
                if target == offset + 2 || pointers > 255 {
                    return special("<Name contains a pointer that loops>", in_place);
                }
                offset = target;
            }
        }
    }
    let len = len.unwrap_or_else(|| offset.saturating_sub(start));
    if maxname <= 0 {
        return special("<Name too long>", len);
    }
    if out.is_empty() {
        return (len <= 1).then(|| ("<Root>".to_string(), len));
    }
    let text: String = out
        .iter()
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                (b as char).to_string()
            } else {
                format!("\\{b:03o}")
            }
        })
        .collect();
    Some((text, len))
}

/// How a walk that no longer copies (the name is already too long) goes on from a label
/// boundary: Wireshark reads only the length octets and pointers there.
#[derive(Debug, Clone, Copy)]
enum Segment {
    /// The root label; the walk ends after it.
    Root { after: usize },
    /// A read past the end: Wireshark's exception.
    Throw,
    /// An unknown extended label type: Wireshark returns with that text.
    Extended { after: usize },
    /// A pointer whose second byte is at `after - 1`.
    Pointer { after: usize, target: usize },
}

/// Memo of [`Segment`]s by label-boundary offset, per message: each boundary is scanned
/// once, so a message full of over-long names costs linear time plus 256 hops per name,
/// where Wireshark rescans every segment.
type Segments = std::collections::HashMap<usize, Segment>;

fn segment(msg: &[u8], from: usize, memo: &mut Segments) -> Segment {
    if let Some(s) = memo.get(&from) {
        return *s;
    }
    let mut visited = Vec::new();
    let mut o = from;
    let result = loop {
        if let Some(s) = memo.get(&o) {
            break *s;
        }
        visited.push(o);
        let Some(&c) = msg.get(o) else {
            break Segment::Throw;
        };
        o += 1;
        if c == 0 {
            break Segment::Root { after: o };
        }
        match c & 0xc0 {
            0x00 => o += usize::from(c),
            0x40 => {
                if c & 0x3f != 0x01 {
                    break Segment::Extended { after: o };
                }
                let Some(&bit_count) = msg.get(o) else {
                    break Segment::Throw;
                };
                o += 1 + ((i32::from(bit_count) - 1) / 8 + 1) as usize;
            }
            0x80 => break Segment::Throw,
            _ => {
                let Some(&low) = msg.get(o) else {
                    break Segment::Throw;
                };
                break Segment::Pointer {
                    after: o + 1,
                    target: (usize::from(c & 0x3f) << 8) | usize::from(low),
                };
            }
        }
    };
    for v in visited {
        memo.insert(v, result);
    }
    result
}

/// The rest of [`wireshark_name`] once the text is too long.
fn too_long_tail(
    msg: &[u8],
    start: usize,
    mut offset: usize,
    mut len: Option<usize>,
    mut pointers: u32,
    memo: &mut Segments,
) -> Option<(String, usize)> {
    let special = |text: &str, len: usize| (len >= 1).then(|| (text.to_string(), len));
    loop {
        match segment(msg, offset, memo) {
            Segment::Root { after } => {
                return special(
                    "<Name too long>",
                    len.unwrap_or_else(|| after.saturating_sub(start)),
                );
            }
            Segment::Throw => return None,
            Segment::Extended { after } => {
                return special("<Unknown extended label>", after.checked_sub(start)?);
            }
            Segment::Pointer { after, target } => {
                pointers += 1;
                let in_place = *len.get_or_insert_with(|| after.saturating_sub(start));
                if target == after + 2 || pointers > 255 {
                    return special("<Name contains a pointer that loops>", in_place);
                }
                offset = target;
            }
        }
    }
}

/// The name at `at` as Wireshark shows it, the bytes it takes in place, and the library's
/// verdict on it.
fn read_name<'m>(
    msg: &'m [u8],
    at: usize,
    segments: &mut Segments,
) -> Option<(String, usize, Result<Name<'m>, Error>)> {
    let checked = Name::parse(msg, at);
    match &checked {
        Ok((name, end)) => Some((name_text(name), end - at, Ok(*name))),
        Err(e) => {
            let (text, used) = wireshark_name(msg, at, segments)?;
            Some((text, used, Err(*e)))
        }
    }
}

/// One resource record as Wireshark lists it, and where the next one starts; `None` when
/// Wireshark would stop (the record's fixed fields or RDATA run past the end).
fn record_fields(
    walk: &mut Walk<'_>,
    msg: &[u8],
    at: usize,
    segments: &mut Segments,
    report: &mut dyn FnMut(&mut Walk<'_>, Error),
) -> Option<(Value, usize, String)> {
    let (text, used, checked) = read_name(msg, at, segments)?;
    let fixed = at + used;
    let rtype = RrType::from(be16(msg, fixed)?);
    let class = be16(msg, fixed + 2)?;
    let ttl = u32::from(be16(msg, fixed + 4)?) << 16 | u32::from(be16(msg, fixed + 6)?);
    let rdlength = usize::from(be16(msg, fixed + 8)?);
    let rdata = msg.get(fixed + 10..fixed + 10 + rdlength)?;
    let mut summary = String::new();
    match checked {
        Err(e) => report(walk, e),
        Ok(_) => match RData::parse(msg, rtype, fixed + 10, fixed + 10 + rdlength) {
            Ok(data) => summary = format!(" {rtype} {data}"),
            Err(e) => report(walk, e),
        },
    }
    let mut m = Map::new();
    if rtype != RrType::Srv {
        m.insert("name".into(), json!(text));
    }
    m.insert("type".into(), json!(rtype.value()));
    if rtype != RrType::Opt {
        m.insert("class".into(), json!(class));
        m.insert("ttl".into(), json!(ttl));
    }
    m.insert("rdlength".into(), json!(rdlength));
    m.insert("rdata_hex".into(), json!(plain_hex(rdata)));
    Some((Value::Object(m), fixed + 10 + rdlength, summary))
}

/// Dissects a DNS payload at `pos`: one message over UDP, every length-prefixed message of
/// the segment over TCP.
pub(crate) fn dns(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, ports: Ports) {
    if ports.transport == Transport::Udp {
        message(walk, bytes, pos, None);
        return;
    }
    let mut at = 0usize;
    while let Some(&[hi, lo]) = bytes.get(at..at + 2) {
        let length = usize::from(u16::from_be_bytes([hi, lo]));
        let end = (at + 2 + length).min(bytes.len());
        let body = bytes.get(at + 2..end).unwrap_or(&[]);
        message(walk, body, pos + at, Some(length));
        at = end;
    }
    if let Some(rest) = bytes.get(at..)
        && !rest.is_empty()
    {
        walk.data(pos + at, rest);
    }
}

/// One message (`length` is the TCP prefix, the layer then starting 2 bytes earlier).
fn message(walk: &mut Walk<'_>, msg: &[u8], pos: usize, length: Option<usize>) {
    let skip = if length.is_some() { 2 } else { 0 };
    let size = msg.len() + skip;
    let mut f = Map::new();
    if let Some(length) = length {
        f.insert("length".into(), json!(length));
    }
    let Some(header) = msg.get(..12) else {
        walk.error(
            "dns",
            pos,
            Error::truncated(Protocol::Dns, 0, 12, msg.len()).shifted(skip),
        );
        walk.data(pos, msg);
        return;
    };
    let word = |i: usize| match header.get(2 * i..2 * i + 2) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    };
    let flags = word(1);
    let response = flags & 0x8000 != 0;
    f.insert("id".into(), json!(word(0)));
    f.insert("flags".into(), json!(flags));
    f.insert("qr".into(), json!(u16::from(response)));
    f.insert("opcode".into(), json!((flags >> 11) & 0xf));
    if response {
        f.insert("aa".into(), json!((flags >> 10) & 1));
    }
    f.insert("tc".into(), json!((flags >> 9) & 1));
    f.insert("rd".into(), json!((flags >> 8) & 1));
    if response {
        f.insert("ra".into(), json!((flags >> 7) & 1));
        f.insert("rcode".into(), json!(flags & 0xf));
    }
    let counts = [word(2), word(3), word(4), word(5)];
    for (key, c) in ["qdcount", "ancount", "nscount", "arcount"]
        .iter()
        .zip(counts)
    {
        f.insert((*key).into(), json!(c));
    }

    // Only the first error is kept: the walk goes on as Wireshark's does.
    let mut first_error: Option<Error> = None;
    let mut report = |_: &mut Walk<'_>, e: Error| {
        first_error.get_or_insert(e);
    };
    let mut segments = Segments::new();
    let mut at = 12usize;
    let mut stopped = false;
    let mut queries = Vec::new();
    for _ in 0..counts[0] {
        let Some((text, used, checked)) = read_name(msg, at, &mut segments) else {
            stopped = true;
            break;
        };
        let (Some(qtype), Some(qclass)) = (be16(msg, at + used), be16(msg, at + used + 2)) else {
            stopped = true;
            break;
        };
        if let Err(e) = checked {
            report(walk, e);
        }
        queries.push(json!({ "name": text, "type": qtype, "class": qclass }));
        at += used + 4;
    }
    if !queries.is_empty() {
        f.insert("queries".into(), Value::Array(queries));
    }
    let mut summary_answers = String::new();
    for (key, count) in [
        ("answers", counts[1]),
        ("authority", counts[2]),
        ("additional", counts[3]),
    ] {
        let mut items = Vec::new();
        for _ in 0..count {
            if stopped {
                break;
            }
            match record_fields(walk, msg, at, &mut segments, &mut report) {
                Some((item, next, summary)) => {
                    if key == "answers" {
                        summary_answers.push_str(&summary);
                    }
                    items.push(item);
                    at = next;
                }
                None => stopped = true,
            }
        }
        if !items.is_empty() {
            f.insert(key.into(), Value::Array(items));
        }
    }
    // The library's verdict on the whole message: the first error it finds (a message
    // Wireshark read to the end may still break a rule, and the other way round).
    let verdict = Message::parse(msg);
    if let Err(e) = verdict {
        first_error.get_or_insert(e);
    }
    if let Some(e) = first_error {
        walk.error("dns", pos, e.shifted(skip));
    }
    let summary = match verdict {
        Ok(m) => m.to_string(),
        Err(e) => format!(
            "DNS 0x{:04x} (malformed: {}){summary_answers}",
            word(0),
            e.shifted(skip)
        ),
    };
    walk.layer("dns", pos, size, summary, f);
}
