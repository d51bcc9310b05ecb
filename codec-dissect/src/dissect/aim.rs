//! The `aim` layer (one per FLAP of a segment) and its `aim_*` sub-layers (the SNAC body,
//! named by family as Wireshark names them), with `codec_aim`.
//!
//! Wireshark lists as `tlvs` every TLV it dissects inside a layer, nested ones included,
//! in document order. On the `aim` layer these are the TLVs of a channel-1 (sign-on) or
//! channel-4 (sign-off) body and of a SNAC's 0x8000 block; on the sub-layer, the TLVs of
//! the SNAC bodies Wireshark reads as TLVs ([`body_tlvs`]: which subtypes, from where, in
//! which form). Each packet is dissected on its own (no reassembly, as the references): a
//! FLAP cut by the end of the segment gives an `aim` layer over the bytes present, with
//! the FLAP's own length as `datalen`.

use super::app::Ports;
use super::{Walk, colon_hex};
use super::{be16, be32, plain_hex};
use codec_aim::flap::{self, FlapChannel};
use codec_aim::icbm::{IcbmChannel, RENDEZVOUS_HEADER_LEN, TLV_RENDEZVOUS, UserInfo};
use codec_aim::snac::{self, SnacPacket};
use codec_aim::tlv::TlvForm;
use codec_core::tlv::Tlvs;
use codec_core::{Error, Field, Protocol};
use serde_json::{Map, Value, json};

/// Appends the TLVs of `bytes` (at frame offset `pos`) to `out`, in the given form, up to
/// the first malformed one; returns the bytes consumed (prefix included).
fn push_tlvs(out: &mut Vec<Value>, bytes: &[u8], pos: usize, form: TlvForm) -> usize {
    let (skip, limit, data) = match form {
        TlvForm::Rest => (0, usize::MAX, bytes),
        TlvForm::Counted => match bytes {
            [a, b, rest @ ..] => (2, usize::from(u16::from_be_bytes([*a, *b])), rest),
            _ => return 0,
        },
        TlvForm::LengthPrefixed => match bytes {
            [a, b, rest @ ..] => {
                let len = usize::from(u16::from_be_bytes([*a, *b]));
                (2, usize::MAX, rest.get(..len).unwrap_or(rest))
            }
            _ => return 0,
        },
    };
    let mut used = skip;
    for t in Tlvs::new(codec_aim::tlv::FORMAT, data).take(limit) {
        let Ok(t) = t else { break };
        out.push(json!({
            "type": t.kind,
            "len": t.value.len(),
            "pos": pos + skip + t.offset,
            "value_hex": plain_hex(t.value),
        }));
        used = skip + t.offset + t.len();
    }
    used
}

/// The sub-layer name Wireshark gives a SNAC family.
fn family_layer(family: u16) -> Option<&'static str> {
    Some(match family {
        0x0001 => "aim_generic",
        0x0002 => "aim_location",
        0x0003 => "aim_buddylist",
        0x0004 => "aim_messaging",
        0x0005 => "aim_adverts",
        0x0006 => "aim_invitation",
        0x0007 => "aim_admin",
        0x0008 => "aim_popup",
        0x0009 => "aim_bos",
        0x000a => "aim_lookup",
        0x000b => "aim_stats",
        0x000c => "aim_translate",
        0x000d => "aim_chatnav",
        0x000e => "aim_chat",
        0x000f => "aim_directory",
        0x0010 => "aim_sst",
        0x0013 => "aim_ssi",
        0x0015 => "aim_icq",
        0x0017 => "aim_signon",
        0x0018 => "aim_email",
        _ => return None,
    })
}

/// The TLVs Wireshark lists for a SNAC body (`body` at frame offset `pos`).
///
/// Every family's subtype 1 is an error: a u16 code, then TLVs. The others, by subtype:
/// TLVs to the end of the body (rights replies, set-info requests, MOTD after its u16 type,
/// ICQ requests), a user-info block (self-info reply, buddy arrivals), or the ICBM layouts
/// (cookie, channel, screen name, [user info,] TLVs, with the channel-2 rendezvous block's
/// inner TLVs listed after the TLV 0x0005 that holds them). Bodies Wireshark reads as fixed
/// fields (rate classes, family lists, typing notifications, ...) list none.
fn body_tlvs(family: u16, subtype: u16, body: &[u8], pos: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let rest_from = |out: &mut Vec<Value>, skip: usize| {
        if let Some(b) = body.get(skip..) {
            push_tlvs(out, b, pos + skip, TlvForm::Rest);
        }
    };
    match (family, subtype) {
        (_, 0x0001) | (0x0001, 0x0013) => rest_from(&mut out, 2),
        (0x0001, 0x0005 | 0x001e)
        | (0x0002, 0x0003 | 0x0004)
        | (0x0003, 0x0003)
        | (0x0009, 0x0003)
        | (0x0013, 0x0003)
        | (0x0015, 0x0002 | 0x0003)
        | (0x0017, 0x0002 | 0x0003 | 0x0006 | 0x0007) => rest_from(&mut out, 0),
        (0x0001, 0x000f) | (0x0003, 0x000b | 0x000c) => {
            user_info_tlvs(&mut out, body, pos);
        }
        (0x0002, 0x0006) => {
            let used = user_info_tlvs(&mut out, body, pos);
            rest_from(&mut out, used);
        }
        (0x0004, 0x0006 | 0x0007) => icbm_tlvs(&mut out, subtype, body, pos),
        _ => {}
    }
    out
}

/// The counted TLVs of a user-info block at the front of `body`; returns the block's
/// length (0 when it does not parse).
fn user_info_tlvs(out: &mut Vec<Value>, body: &[u8], pos: usize) -> usize {
    let Some(&n) = body.first() else { return 0 };
    let at = 1 + usize::from(n) + 2;
    match body.get(at..) {
        Some(b) => at + push_tlvs(out, b, pos + at, TlvForm::Counted),
        None => 0,
    }
}

/// ICBM 4/6 and 4/7: cookie, channel, screen name (4/7: the whole user info), then TLVs;
/// a channel-2 TLV 0x0005 is followed by the rendezvous block's inner TLVs.
fn icbm_tlvs(out: &mut Vec<Value>, subtype: u16, body: &[u8], pos: usize) {
    let channel = match body.get(8..10) {
        Some(&[a, b]) => IcbmChannel::from_value(u16::from_be_bytes([a, b])),
        _ => return,
    };
    let after_prefix = body.get(10..).unwrap_or(&[]);
    let start = if subtype == 0x0007 {
        match UserInfo::parse(after_prefix) {
            Ok((info, _)) => {
                user_info_tlvs(out, after_prefix, pos + 10);
                10 + info.buffer_len()
            }
            Err(_) => return,
        }
    } else {
        match after_prefix.first() {
            Some(&n) => 11 + usize::from(n),
            None => return,
        }
    };
    let Some(tlvs) = body.get(start..) else {
        return;
    };
    for t in Tlvs::new(codec_aim::tlv::FORMAT, tlvs) {
        let Ok(t) = t else { break };
        let tlv_pos = pos + start + t.offset;
        out.push(json!({
            "type": t.kind,
            "len": t.value.len(),
            "pos": tlv_pos,
            "value_hex": plain_hex(t.value),
        }));
        if channel == IcbmChannel::Rendezvous
            && t.kind == TLV_RENDEZVOUS
            && let Some(inner) = t.value.get(RENDEZVOUS_HEADER_LEN..)
        {
            push_tlvs(
                out,
                inner,
                tlv_pos + 4 + RENDEZVOUS_HEADER_LEN,
                TlvForm::Rest,
            );
        }
    }
}

/// Dissects the FLAPs of a TCP payload at `pos`.
pub(crate) fn aim(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    let mut off = 0usize;
    while let Some(rest) = bytes.get(off..).filter(|r| !r.is_empty()) {
        let at = pos + off;
        if rest.first() != Some(&flap::START) {
            if off == 0 {
                // Without reassembly a segment may continue a FLAP begun in an earlier one
                // (Wireshark shows it as TCP payload): not an error.
                walk.data(at, rest);
                return;
            }
            let byte = rest.first().copied().unwrap_or(0);
            walk.error(
                "aim",
                at,
                Error::bad_value(Protocol::Flap, 0, Field::Magic, u32::from(byte)),
            );
            walk.data(at, rest);
            return;
        }
        let (Some(&channel_byte), Some(sequence), Some(length)) =
            (rest.get(1), be16(rest, 2), be16(rest, 4))
        else {
            walk.error(
                "aim",
                at,
                Error::truncated(Protocol::Flap, 0, flap::HEADER_LEN, rest.len()),
            );
            return;
        };
        let datalen = usize::from(length);
        let frame_len = flap::HEADER_LEN + datalen;
        let size = frame_len.min(rest.len());
        let payload = rest.get(flap::HEADER_LEN..size).unwrap_or(&[]);
        let channel = FlapChannel::from_value(channel_byte);
        let mut fields = Map::new();
        fields.insert("cmd_start".into(), json!(flap::START));
        fields.insert("channel".into(), json!(channel_byte));
        fields.insert("seq".into(), json!(sequence));
        fields.insert("datalen".into(), json!(datalen));
        let mut tlvs = Vec::new();
        let mut summary = format!("FLAP {channel} seq {sequence} len {datalen}");
        if size < frame_len {
            summary.push_str(&format!(" (cut: {} bytes here)", payload.len()));
        }
        let mut sub: Option<(&'static str, usize, usize, String, Vec<Value>)> = None;
        match channel {
            FlapChannel::SignOn => {
                if let Some(version) = payload.get(..4) {
                    fields.insert("version".into(), json!(colon_hex(version)));
                    push_tlvs(
                        &mut tlvs,
                        payload.get(4..).unwrap_or(&[]),
                        at + 10,
                        TlvForm::Rest,
                    );
                }
            }
            FlapChannel::SignOff => {
                push_tlvs(&mut tlvs, payload, at + 6, TlvForm::Rest);
            }
            FlapChannel::Data => {
                if let (Some(family), Some(subtype), Some(flags), Some(id)) = (
                    be16(payload, 0),
                    be16(payload, 2),
                    be16(payload, 4),
                    be32(payload, 6),
                ) {
                    fields.insert(
                        "snac".into(),
                        json!({
                            "family": family,
                            "subtype": subtype,
                            "flags": flags,
                            "id": id,
                        }),
                    );
                    let mut body_at = snac::HEADER_LEN;
                    if flags & snac::SnacFlags::OPTIONAL_TLVS.bits() != 0 {
                        body_at += push_tlvs(
                            &mut tlvs,
                            payload.get(snac::HEADER_LEN..).unwrap_or(&[]),
                            at + 6 + snac::HEADER_LEN,
                            TlvForm::LengthPrefixed,
                        );
                    }
                    match SnacPacket::parse(payload) {
                        Ok(s) => summary = format!("{summary}, {s}"),
                        Err(e) if size == frame_len => walk.error("aim", at + 6, e),
                        Err(_) => {}
                    }
                    let body = payload.get(body_at..).unwrap_or(&[]);
                    if let Some(name) = family_layer(family) {
                        let info = match snac::subtype_name(family, subtype) {
                            Some(n) => format!("{}, {n}", snac::Family::from_value(family)),
                            None => format!(
                                "{}, subtype {subtype:#06x}",
                                snac::Family::from_value(family)
                            ),
                        };
                        let body_pos = at + 6 + body_at;
                        let t = body_tlvs(family, subtype, body, body_pos);
                        sub = Some((name, body_pos, body.len(), info, t));
                    }
                }
            }
            _ => {}
        }
        if !tlvs.is_empty() {
            fields.insert("tlvs".into(), Value::Array(tlvs));
        }
        walk.layer("aim", at, size, summary, fields);
        if let Some((name, sub_pos, sub_size, info, t)) = sub {
            let mut f = Map::new();
            if !t.is_empty() {
                f.insert("tlvs".into(), Value::Array(t));
            }
            walk.layer(name, sub_pos, sub_size, info, f);
        }
        if size < frame_len {
            return;
        }
        off += frame_len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlv_forms_list_positions() {
        // The MOTD body of ndpi_Oscar.pcap frame 10 (at frame byte 130).
        let body = [
            0x00, 0x05, 0x00, 0x02, 0x00, 0x02, 0x00, 0x1e, 0x00, 0x03, 0x00, 0x02, 0x04, 0xb0,
        ];
        let t = body_tlvs(1, 0x13, &body, 130);
        assert_eq!(
            t,
            vec![
                json!({"type": 2, "len": 2, "pos": 132, "value_hex": "001e"}),
                json!({"type": 3, "len": 2, "pos": 138, "value_hex": "04b0"}),
            ]
        );
        assert!(body_tlvs(1, 0x15, &body, 0).is_empty());
    }
}
