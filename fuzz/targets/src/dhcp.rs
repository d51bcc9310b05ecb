//! DHCP targets: [`dhcp`] decodes arbitrary bytes with every option walked, joined (RFC
//! 3396) and typed; [`dhcp_roundtrip`] builds an arbitrary message, emits it, parses it back.

use crate::format_both;
use arbitrary::{Result, Unstructured};
use codec_app::dhcp::relay::{AgentInfoPolicy, set_agent_info};
use codec_app::dhcp::{
    DhcpBuilder, DhcpOption, DhcpPacket, DhcpRepr, Flags, Op, OptionList, Region,
};
use std::net::Ipv4Addr;

/// Most options [`dhcp_roundtrip`] builds.
const MAX_OPTIONS: usize = 24;
/// Longest option value [`dhcp_roundtrip`] builds (split into up to 3 instances).
const MAX_VALUE: usize = 600;

/// Decodes `data` as a DHCP message (lax and strict), walks every option instance, joins
/// every option code's instances and types the value, formats everything, and for a message
/// that parsed strictly checks the repr laws: `parse(emit(r)) == r` and
/// `emit(parse(emit(r))) == emit(r)` (the repr's encoding is canonical). A relay rewrite
/// (option 82) of a valid message must parse again with the new sub-options last.
pub fn dhcp(data: &[u8]) {
    let strict = DhcpPacket::parse(data);
    let Ok(p) = DhcpPacket::parse_lax(data) else {
        assert!(strict.is_err(), "strict parse accepted what lax refused");
        return;
    };
    assert_eq!(
        strict.is_ok(),
        p.options_error().is_none(),
        "strict parse and lax damage disagree"
    );
    format_both("DhcpPacket", &p);
    let _ = (
        p.op(),
        p.hardware_type(),
        p.chaddr(),
        p.client_mac(),
        p.flags(),
    );
    let _ = (
        p.ciaddr(),
        p.yiaddr(),
        p.siaddr(),
        p.giaddr(),
        p.secs(),
        p.hops(),
    );
    let _ = (p.server_name(), p.boot_file(), p.overload(), p.padding());
    assert!(p.chaddr().len() <= 16);

    let mut walk = p.options();
    let mut instances = 0usize;
    for o in walk.by_ref() {
        instances += 1;
        let end = match o.region {
            Region::Options => data.len(),
            Region::File => 236,
            Region::Sname => 108,
        };
        assert!(
            o.value_offset() + o.data.len() <= end,
            "option outside its field"
        );
        assert_eq!(
            &data[o.value_offset()..o.value_offset() + o.data.len()],
            o.data
        );
        assert!(o.code != 0 && o.code != 255);
    }
    assert_eq!(walk.error(), p.options_error());
    assert!(instances <= data.len() / 2);

    // The one-pass reader meets the same instances and the same damage as `parse`.
    let (header, mut lazy) = codec_app::dhcp::read(data).expect("fixed part checked twice");
    assert_eq!(header, p.header());
    for (a, b) in lazy.by_ref().zip(p.options()) {
        assert_eq!(a, b);
        let _ = a.typed();
    }
    assert!(lazy.next().is_none());
    assert_eq!(lazy.error(), p.options_error());
    assert_eq!(strict.as_ref().err().copied(), lazy.error());

    // The merged walk gives each code of the instance walk once, in first-appearance order.
    let mut first_seen = Vec::new();
    for o in p.options() {
        if !first_seen.contains(&o.code) {
            first_seen.push(o.code);
        }
    }
    let merged: Vec<u8> = p.merged().map(|o| o.code()).collect();
    assert_eq!(
        merged, first_seen,
        "merged walk differs from the instance walk"
    );

    let mut scratch = Vec::new();
    let mut codes = 0usize;
    for o in p.merged() {
        codes += 1;
        let len = o.len();
        let total: usize = o.fragments().map(<[u8]>::len).sum();
        assert_eq!(len, total);
        assert_eq!(o.is_split(), p.is_split(o.code()));
        scratch.resize(len, 0);
        let joined = o
            .join(&mut scratch)
            .expect("join into a buffer of len()")
            .to_vec();
        if len > 0 {
            assert!(o.join(&mut scratch[..len - 1]).is_err());
        }
        if let Some(single) = o.single() {
            assert_eq!(single, &joined[..]);
        }
        match DhcpOption::parse(o.code(), &joined) {
            Ok(t) => {
                assert_eq!(t.code(), o.code());
                assert_eq!(t.value_len(), len, "typed length differs");
                let mut out = vec![0u8; len];
                t.write_value(&mut out)
                    .expect("write_value into value_len()");
                assert_eq!(out, joined, "typed value does not write back its bytes");
                format_both("DhcpOption", &t);
            }
            Err(e) => assert!(e.offset() <= len, "typed error offset past the value"),
        }
    }
    assert!(codes <= 254);

    let Ok(p) = strict else { return };
    let r = DhcpRepr::parse(&p).expect("repr of a strictly parsed message");
    format_both("DhcpRepr", &r);
    let n = r.buffer_len();
    let mut out = vec![0u8; n];
    let written = r.emit(&mut out).expect("emit into buffer_len()");
    assert_eq!(written, n, "emit wrote another length than buffer_len()");
    let back = DhcpPacket::parse(&out[..]).expect("emitted message does not parse");
    let r2 = DhcpRepr::parse(&back).unwrap();
    assert_eq!(r2, r, "parse(emit(r)) != r");
    let mut again = vec![0u8; r2.buffer_len()];
    r2.emit(&mut again).unwrap();
    assert_eq!(again, out, "emit is not canonical");

    let outside = p
        .options()
        .any(|o| o.code == 82 && o.region != Region::Options);
    let sub = [1, 2, b'f', b'z'];
    let mut relayed = vec![0u8; data.len() + 4 * 257];
    if let Ok(m) = set_agent_info(data, &sub, AgentInfoPolicy::Append, &mut relayed) {
        let q = DhcpPacket::parse(&relayed[..m]).expect("relayed message does not parse");
        let o = q.option(82).expect("option 82 after the relay");
        let mut buf = vec![0u8; o.len()];
        assert!(outside || o.join(&mut buf).unwrap().ends_with(&sub));
        assert!(m >= data.len());
    }
}

fn ipv4(u: &mut Unstructured<'_>) -> Result<Ipv4Addr> {
    Ok(Ipv4Addr::from(u.arbitrary::<[u8; 4]>()?))
}

/// Up to `max` bytes, without trailing zeros (which the repr of a parsed field drops).
fn field<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<&'a [u8]> {
    let n = u.int_in_range(0..=max)?;
    let b = u.bytes(n.min(u.len()))?;
    let keep = b.iter().rposition(|&x| x != 0).map_or(0, |i| i + 1);
    Ok(&b[..keep])
}

/// An arbitrary message (no option 52, whose meaning depends on `sname` and `file`): emit,
/// parse, compare; the same options written typed where they type give the same bytes.
pub fn dhcp_roundtrip(data: &[u8]) {
    let _ = roundtrip(&mut Unstructured::new(data));
}

fn roundtrip(u: &mut Unstructured<'_>) -> Result<()> {
    let count = u.int_in_range(0..=MAX_OPTIONS)?;
    let mut list: Vec<(u8, &[u8])> = Vec::with_capacity(count);
    for _ in 0..count {
        let code = u.int_in_range(1..=254u8)?;
        let code = if code == 52 { 53 } else { code };
        let n = u.int_in_range(0..=MAX_VALUE)?;
        list.push((code, u.bytes(n.min(u.len()))?));
    }
    let chaddr_len = u.int_in_range(0..=16)?;
    let r = DhcpRepr {
        op: Op::from_value(u.arbitrary()?),
        htype: u.arbitrary()?,
        hops: u.arbitrary()?,
        xid: u.arbitrary()?,
        secs: u.arbitrary()?,
        flags: Flags::from_bits_retain(u.arbitrary()?),
        ciaddr: ipv4(u)?,
        yiaddr: ipv4(u)?,
        siaddr: ipv4(u)?,
        giaddr: ipv4(u)?,
        chaddr: u.bytes(chaddr_len.min(u.len()))?,
        sname: field(u, 64)?,
        file: field(u, 128)?,
        options: OptionList::List(&list),
        padding: u.int_in_range(0..=300)?,
    };
    let n = r.buffer_len();
    let mut out = vec![0u8; n];
    assert_eq!(r.emit(&mut out).expect("emit into buffer_len()"), n);
    assert!(r.emit(&mut out[..n - 1]).is_err());
    let p = DhcpPacket::parse(&out[..]).expect("emitted message does not parse");
    format_both("DhcpPacket", &p);
    let back = DhcpRepr::parse(&p).expect("repr of an emitted message");
    assert_eq!(back, r, "parse(emit(r)) != r");

    // The builder's typed path writes the same bytes as the raw one.
    let mut typed = vec![0u8; n];
    let mut b = DhcpBuilder::new(&mut typed, &r).unwrap();
    for &(code, value) in &list {
        match DhcpOption::parse(code, value) {
            Ok(t) => b.typed(&t).map(|_| ()).expect("typed option fits"),
            Err(_) => b.option(code, value).map(|_| ()).unwrap(),
        }
    }
    assert_eq!(b.finish_padding(r.padding).unwrap(), n);
    assert_eq!(typed, out, "typed and raw options wrote different bytes");
    Ok(())
}
