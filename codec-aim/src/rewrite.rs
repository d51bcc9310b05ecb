//! Address rewriting for a NAT proxy: the successor of ReAIM (notes §1.9).
//!
//! A client behind NAT proposes a direct connection (ICBM 4/6, channel 2, rendezvous type
//! PROPOSE) with its private address in inner TLV 0x0003 and its listener port in 0x0005.
//! A proxy on the firewall replaces them by the public address and the port it forwards,
//! so that the peer can connect.
//!
//! Unlike ReAIM, which searches the bytes for `00 03 00 04 ?? ?? ?? ?? 00 05 00 02` and
//! only looks at SNACs with flags 0 whose first outer TLV is 0x0005, [`rewrite_in_place`]
//! walks FLAP, SNAC (the 0x8000 block included), ICBM and the rendezvous TLV chain, and:
//!
//! - rewrites every 0x0003 (client IP) and every 0x0005 (port), duplicates included, and
//!   0x0002 (rendezvous IP) where it held the old client address;
//! - recomputes 0x0016 (= !rendezvous IP) and 0x0017 (= !port) when they are present
//!   (neither ReAIM nor Open OSCAR Server does, so their rewrites fail the NINA tamper check)
//!   and reports whether they were consistent before;
//! - leaves proxied proposals (0x0010) alone: their addresses are the AOL proxy's;
//! - keeps every length, the TLV order and the FLAP sequence number.
//!
//! When the proposal has no 4-byte 0x0003 (or no 2-byte 0x0005 when a port is to be set),
//! the change cannot be made in place: [`Outcome::NeedsRebuild`] says so, and
//! [`rewrite_rebuild`] writes a new FLAP through the builders, with the missing TLVs
//! appended and the outer TLV, FLAP lengths recomputed.
//!
//! ```
//! use codec_aim::rewrite::{NatMapping, Outcome, rewrite_in_place};
//! use codec_aim::icbm::IcbmMessage;
//! use core::net::Ipv4Addr;
//! // A direct send-file proposal from 192.168.1.10:5190 with XOR checks (FLAP-wrapped).
//! let mut flap = [
//!     0x2a, 0x02, 0x12, 0x34, 0x00, 0x80, 0x00, 0x04, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00,
//!     0x00, 0x42, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x00, 0x02, 0x05, 0x62,
//!     0x75, 0x64, 0x64, 0x79, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x5e, 0x00, 0x00,
//!     0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x00, 0x09, 0x46, 0x13, 0x43, 0x4c, 0x7f,
//!     0x11, 0xd1, 0x82, 0x22, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00, 0x00, 0x02, 0x00, 0x04,
//!     0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x03, 0x00, 0x04, 0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x05,
//!     0x00, 0x02, 0x14, 0x46, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x01, 0x00, 0x0f, 0x00, 0x00,
//!     0x00, 0x16, 0x00, 0x04, 0x3f, 0x57, 0xfe, 0xf5, 0x00, 0x17, 0x00, 0x02, 0xeb, 0xb9,
//!     0x27, 0x11, 0x00, 0x12, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x30, 0x39, 0x68, 0x65,
//!     0x6c, 0x6c, 0x6f, 0x2e, 0x74, 0x78, 0x74, 0x00,
//! ];
//! let mapping = NatMapping::new(Ipv4Addr::new(203, 0, 113, 7), Some(40001));
//! let Outcome::Rewritten(report) = rewrite_in_place(&mut flap, &mapping)? else { panic!() };
//! assert_eq!(report.old_client_ip, Some(Ipv4Addr::new(192, 168, 1, 10)));
//! assert_eq!(report.old_port, Some(5190));
//! assert_eq!(report.xor_was_valid, Some(true));
//!
//! let icbm = IcbmMessage::parse(&flap[16..])?;
//! let rv = icbm.rendezvous().unwrap()?;
//! assert_eq!(rv.client_ip(), Some(Ipv4Addr::new(203, 0, 113, 7)));
//! assert_eq!(rv.proxy_ip(), Some(Ipv4Addr::new(203, 0, 113, 7)));
//! assert_eq!(rv.port(), Some(40001));
//! assert_eq!(rv.xor_check(), Some(true));
//! # Ok::<(), codec_core::Error>(())
//! ```

use crate::flap::{self, FlapChannel, FlapFrame};
use crate::icbm::{
    COOKIE_LEN, IcbmChannel, IcbmMessage, RENDEZVOUS_HEADER_LEN, RendezvousTag, RendezvousType,
    TLV_RENDEZVOUS,
};
use crate::snac::{Family, SnacPacket, SnacRepr};
use crate::tlv::{self, FORMAT};
use codec_core::tlv::{Tlv, Tlvs};
use codec_core::{Error, Protocol, Result, Writer};
use core::fmt;
use core::net::Ipv4Addr;

/// The public side of a NAT mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct NatMapping {
    /// The public address to put in place of the client's.
    pub public_ip: Ipv4Addr,
    /// The public port (forwarded to the client's listener); `None` keeps the port.
    pub public_port: Option<u16>,
    /// Recompute the XOR checks 0x0016/0x0017 when present (default: yes).
    pub recompute_xor: bool,
}

impl NatMapping {
    /// A mapping to `public_ip` (and `public_port`), recomputing the XOR checks.
    #[must_use]
    pub const fn new(public_ip: Ipv4Addr, public_port: Option<u16>) -> Self {
        NatMapping {
            public_ip,
            public_port,
            recompute_xor: true,
        }
    }
}

/// What a rewrite changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Report {
    /// The rendezvous cookie (to match the peer's later connection).
    pub cookie: [u8; COOKIE_LEN],
    /// The first client IP (0x0003) before the rewrite.
    pub old_client_ip: Option<Ipv4Addr>,
    /// The first port (0x0005) before the rewrite.
    pub old_port: Option<u16>,
    /// Whether the XOR checks agreed with the addresses before the rewrite (`None`: no
    /// check TLV present). `false` means someone already edited the proposal.
    pub xor_was_valid: Option<bool>,
    /// Number of TLV values written.
    pub tlvs_changed: usize,
}

/// The result of [`rewrite_in_place`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The proposal was rewritten.
    Rewritten(Report),
    /// Not a rendezvous proposal from a client (FLAP channel 2, SNAC 4/6, ICBM channel 2,
    /// rendezvous type PROPOSE): nothing to do.
    NotAProposal,
    /// A proposal through the AOL proxy (0x0010): its addresses are the proxy's; left alone.
    Proxied,
    /// The proposal lacks a client IP TLV (or a port TLV when a port is to be set), or a TLV
    /// to write has a value of the wrong size: use [`rewrite_rebuild`]. Nothing was written.
    NeedsRebuild,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Rewritten(r) => {
                write!(f, "rewrote {} TLVs", r.tlvs_changed)?;
                if let Some(ip) = r.old_client_ip {
                    write!(f, " (client was {ip}")?;
                    if let Some(p) = r.old_port {
                        write!(f, ":{p}")?;
                    }
                    f.write_str(")")?;
                }
                match r.xor_was_valid {
                    Some(true) => f.write_str(", XOR checks were valid"),
                    Some(false) => f.write_str(", XOR checks were already wrong"),
                    None => Ok(()),
                }
            }
            Outcome::NotAProposal => f.write_str("not a rendezvous proposal"),
            Outcome::Proxied => f.write_str("proxied proposal, left alone"),
            Outcome::NeedsRebuild => f.write_str("cannot rewrite in place, needs a rebuild"),
        }
    }
}

/// Where the pieces of a proposal sit in a FLAP.
struct Located {
    /// Offset of the inner rendezvous TLV chain in the FLAP.
    chain_start: usize,
    /// Its length.
    chain_len: usize,
    cookie: [u8; COOKIE_LEN],
    use_proxy: bool,
}

fn locate(flap_bytes: &[u8]) -> Result<Option<Located>> {
    let frame = FlapFrame::parse(flap_bytes)?;
    if frame.channel() != FlapChannel::Data {
        return Ok(None);
    }
    let snac = SnacPacket::parse(frame.payload()).map_err(|e| e.shifted(flap::HEADER_LEN))?;
    if snac.family() != Family::Icbm || snac.subtype() != 0x0006 {
        return Ok(None);
    }
    let base = flap::HEADER_LEN + snac.data_offset();
    let icbm = IcbmMessage::parse(snac.data()).map_err(|e| e.shifted(base))?;
    if icbm.channel != IcbmChannel::Rendezvous {
        return Ok(None);
    }
    let Some(outer) = icbm.tlvs.first(TLV_RENDEZVOUS) else {
        return Ok(None);
    };
    let Some(rv) = icbm.rendezvous() else {
        return Ok(None);
    };
    let rv = rv.map_err(|e| e.shifted(base))?;
    if rv.kind() != RendezvousType::Propose {
        return Ok(None);
    }
    Ok(Some(Located {
        chain_start: base + icbm.tlvs_offset() + outer.value_offset() + RENDEZVOUS_HEADER_LEN,
        chain_len: outer.value.len() - RENDEZVOUS_HEADER_LEN,
        cookie: rv.cookie(),
        use_proxy: rv.use_proxy(),
    }))
}

/// The next TLV of `chain` at `pos`, with the element copied out so that the chain may be
/// written between two steps (the walk is still [`codec_core::tlv::Tlvs`]).
fn step(chain: &[u8], pos: usize) -> Option<(u16, usize, usize, usize)> {
    let t: Tlv<'_> = Tlvs::new(FORMAT, chain.get(pos..)?).next()?.ok()?;
    Some((t.kind, pos + t.value_offset(), t.value.len(), pos + t.len()))
}

/// What a chain holds before the rewrite: the first TLV of each address tag (as
/// [`crate::icbm::Rendezvous`]'s accessors read them), and whether some TLV the rewrite
/// must write has a value of the wrong size (then it cannot be done in place).
#[derive(Default)]
struct Survey {
    client_ip: Option<Ipv4Addr>,
    port: Option<u16>,
    ip_xor: Option<u32>,
    port_xor: Option<u16>,
    rdv_ip: Option<Ipv4Addr>,
    misfit: bool,
}

fn survey(chain: &[u8], mapping: &NatMapping) -> Survey {
    let mut s = Survey::default();
    let mut seen = 0u8;
    let mut port_xor_misfit = false;
    let mut pos = 0;
    while let Some((kind, vo, vl, next)) = step(chain, pos) {
        pos = next;
        let value = chain.get(vo..vo + vl).unwrap_or(&[]);
        let (bit, size, must_fit) = match RendezvousTag::from_value(kind) {
            RendezvousTag::ClientIp => (1, 4, true),
            RendezvousTag::ProxyIp => (2, 4, false),
            RendezvousTag::Port => (4, 2, mapping.public_port.is_some()),
            RendezvousTag::IpXor => (8, 4, mapping.recompute_xor),
            // Written only when there is a port to complement: decided after the walk.
            RendezvousTag::PortXor => (16, 2, false),
            _ => continue,
        };
        if must_fit && vl != size {
            s.misfit = true;
        }
        if bit == 16 && vl != size {
            port_xor_misfit = true;
        }
        if seen & bit != 0 {
            continue;
        }
        seen |= bit;
        let ip = <[u8; 4]>::try_from(value).ok();
        let short = <[u8; 2]>::try_from(value).ok().map(u16::from_be_bytes);
        match bit {
            1 => s.client_ip = ip.map(Ipv4Addr::from),
            2 => s.rdv_ip = ip.map(Ipv4Addr::from),
            4 => s.port = short,
            8 => s.ip_xor = ip.map(u32::from_be_bytes),
            _ => s.port_xor = short,
        }
    }
    // 0x0017 is rewritten (to !port) only when a port is known after the rewrite.
    if port_xor_misfit && mapping.recompute_xor && mapping.public_port.or(s.port).is_some() {
        s.misfit = true;
    }
    s
}

impl Survey {
    fn xor_valid(&self) -> Option<bool> {
        let ip = self.rdv_ip.or(self.client_ip);
        let ip_ok = self
            .ip_xor
            .map(|x| ip.is_some_and(|ip| x == !u32::from(ip)));
        let port_ok = self.port_xor.map(|x| self.port.is_some_and(|p| x == !p));
        match (ip_ok, port_ok) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(true) && b.unwrap_or(true)),
        }
    }
}

/// The value each tag gets after the rewrite.
struct NewValues {
    ip: [u8; 4],
    old_ip: Option<Ipv4Addr>,
    port: Option<u16>,
    ip_xor: Option<u32>,
    port_xor: Option<u16>,
}

impl NewValues {
    fn new(s: &Survey, m: &NatMapping) -> Self {
        // The rendezvous IP after the rewrite: 0x0002 follows the client IP when it held it.
        let rdv_after = match s.rdv_ip {
            Some(rdv) if Some(rdv) != s.client_ip => rdv,
            _ => m.public_ip,
        };
        let port_after = m.public_port.or(s.port);
        NewValues {
            ip: m.public_ip.octets(),
            old_ip: s.client_ip,
            port: m.public_port,
            ip_xor: m.recompute_xor.then_some(!u32::from(rdv_after)),
            port_xor: if m.recompute_xor {
                port_after.map(|p| !p)
            } else {
                None
            },
        }
    }

    /// The new value for a TLV of `kind` whose current value is `value`, if it changes.
    fn replacement(&self, kind: u16, value: &[u8]) -> Option<([u8; 4], usize)> {
        let four = |v: [u8; 4]| Some((v, 4));
        let two = |v: u16| {
            let [a, b] = v.to_be_bytes();
            Some(([a, b, 0, 0], 2))
        };
        match RendezvousTag::from_value(kind) {
            RendezvousTag::ClientIp => four(self.ip),
            RendezvousTag::ProxyIp
                if self.old_ip.is_some() && value == self.old_ip?.octets().as_slice() =>
            {
                four(self.ip)
            }
            RendezvousTag::Port => two(self.port?),
            RendezvousTag::IpXor => four(self.ip_xor?.to_be_bytes()),
            RendezvousTag::PortXor => two(self.port_xor?),
            _ => None,
        }
    }
}

/// Rewrites, in place, the client address of a rendezvous proposal inside one FLAP
/// (`flap_bytes` holds exactly the frame or starts with it). See the [module
/// docs](self).
///
/// # Errors
/// The decoding errors of the FLAP, SNAC, ICBM and rendezvous layers (offsets from the
/// FLAP's start). Nothing is written on error, on [`Outcome::NeedsRebuild`],
/// [`Outcome::Proxied`] or [`Outcome::NotAProposal`].
pub fn rewrite_in_place(flap_bytes: &mut [u8], mapping: &NatMapping) -> Result<Outcome> {
    let Some(loc) = locate(flap_bytes)? else {
        return Ok(Outcome::NotAProposal);
    };
    if loc.use_proxy {
        return Ok(Outcome::Proxied);
    }
    let end = loc.chain_start + loc.chain_len;
    let Some(chain) = flap_bytes.get_mut(loc.chain_start..end) else {
        return Ok(Outcome::NotAProposal);
    };
    let before = survey(chain, mapping);
    if before.misfit
        || before.client_ip.is_none()
        || (mapping.public_port.is_some() && before.port.is_none())
    {
        return Ok(Outcome::NeedsRebuild);
    }
    let new = NewValues::new(&before, mapping);
    let mut changed = 0;
    let mut pos = 0;
    while let Some((kind, vo, vl, next)) = step(chain, pos) {
        if let Some(value) = chain.get_mut(vo..vo + vl)
            && let Some((bytes, n)) = new.replacement(kind, value)
            && n == vl
            && let Some(src) = bytes.get(..n)
        {
            value.copy_from_slice(src);
            changed += 1;
        }
        pos = next;
    }
    Ok(Outcome::Rewritten(Report {
        cookie: loc.cookie,
        old_client_ip: before.client_ip,
        old_port: before.port,
        xor_was_valid: before.xor_valid(),
        tlvs_changed: changed,
    }))
}

/// Writes the inner chain with the rewrite applied: values replaced (resized to 4 or 2
/// bytes), 0x0003 and 0x0005 appended when missing. Returns the bytes written (or, with
/// `w == None`, that would be written).
fn write_chain(
    chain: &[u8],
    new: &NewValues,
    mapping: &NatMapping,
    mut w: Option<&mut Writer<'_>>,
) -> Result<usize> {
    let mut len = 0usize;
    let mut has_ip = false;
    let mut has_port = false;
    let mut pos = 0;
    while let Some((kind, vo, vl, next)) = step(chain, pos) {
        let value = chain.get(vo..vo + vl).unwrap_or(&[]);
        match RendezvousTag::from_value(kind) {
            RendezvousTag::ClientIp => has_ip = true,
            RendezvousTag::Port => has_port = true,
            _ => {}
        }
        let repl = new.replacement(kind, value);
        let v: &[u8] = match &repl {
            Some((bytes, n)) => bytes.get(..*n).unwrap_or(&[]),
            None => value,
        };
        len += 4 + v.len();
        if let Some(w) = w.as_deref_mut() {
            tlv::write(w, kind, v)?;
        }
        pos = next;
    }
    if !has_ip {
        len += 8;
        if let Some(w) = w.as_deref_mut() {
            tlv::write(w, RendezvousTag::ClientIp.value(), &new.ip)?;
        }
    }
    if let (false, Some(port)) = (has_port, mapping.public_port) {
        len += 6;
        if let Some(w) = w {
            tlv::write_u16(w, RendezvousTag::Port.value(), port)?;
        }
    }
    Ok(len)
}

/// Writes into `out` a new FLAP: the proposal in `flap_bytes` with the rewrite applied
/// where the change does not fit in place (client IP TLV missing or not 4 bytes, port TLV
/// missing). The FLAP sequence number, the SNAC header (and its 0x8000 block), the ICBM
/// prefix and every other TLV are kept in order; the lengths of the outer TLV 0x0005 and of
/// the FLAP are recomputed. Returns the new frame's length.
///
/// # Errors
/// The decoding errors of [`rewrite_in_place`]; [`Missing`](codec_core::ErrorKind::Missing)
/// of `Operation` for a FLAP that is not a direct (unproxied) proposal; a buffer error;
/// [`TooLong`](codec_core::ErrorKind::TooLong) when the new frame exceeds the FLAP limit.
pub fn rewrite_rebuild(flap_bytes: &[u8], mapping: &NatMapping, out: &mut [u8]) -> Result<usize> {
    let not_proposal = || {
        Error::new(
            Protocol::Icbm,
            0,
            codec_core::ErrorKind::Missing {
                field: codec_core::Field::Operation,
            },
        )
    };
    let loc = locate(flap_bytes)?.ok_or_else(not_proposal)?;
    if loc.use_proxy {
        return Err(not_proposal());
    }
    let frame = FlapFrame::parse(flap_bytes)?;
    let snac = SnacPacket::parse(frame.payload())?;
    let snac_repr = SnacRepr::parse(&snac)?;
    let icbm = IcbmMessage::parse(snac.data())?;
    let chain = flap_bytes
        .get(loc.chain_start..loc.chain_start + loc.chain_len)
        .unwrap_or(&[]);
    let before = survey(chain, mapping);
    let new = NewValues::new(&before, mapping);
    let inner_len = write_chain(chain, &new, mapping, None)?;
    let block_len = RENDEZVOUS_HEADER_LEN + inner_len;
    // Outer TLVs: the first 0x0005 gets the new block, the others are copied.
    let mut outer_len = 0usize;
    let mut first_rv = true;
    for t in icbm.tlvs {
        outer_len += 4 + if t.kind == TLV_RENDEZVOUS && first_rv {
            first_rv = false;
            block_len
        } else {
            t.value.len()
        };
    }
    let snac_len = SnacRepr {
        data: &[],
        ..snac_repr
    }
    .buffer_len()
        + icbm.tlvs_offset()
        + outer_len;
    flap::emit_with(
        frame.channel(),
        frame.sequence(),
        snac_len,
        out,
        |payload| {
            let mut w = Writer::new(Protocol::Icbm, payload);
            snac_repr.emit_header(&mut w)?;
            w.put_slice(&icbm.cookie)?;
            w.put_u16(icbm.channel.value())?;
            let n = u8::try_from(icbm.screen_name.len()).unwrap_or(u8::MAX);
            w.put_u8(n)?;
            w.put_slice(icbm.screen_name)?;
            let mut first_rv = true;
            for t in icbm.tlvs {
                if t.kind == TLV_RENDEZVOUS && first_rv {
                    first_rv = false;
                    tlv::write_header(&mut w, TLV_RENDEZVOUS, block_len)?;
                    w.put_slice(t.value.get(..RENDEZVOUS_HEADER_LEN).unwrap_or(&[]))?;
                    write_chain(chain, &new, mapping, Some(&mut w))?;
                } else {
                    tlv::write(&mut w, t.kind, t.value)?;
                }
            }
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::icbm::tests::PROPOSAL_ICBM;
    use crate::icbm::{Capability, RendezvousParams, emit_rendezvous_icbm};
    use std::string::ToString;
    use std::vec::Vec;

    const PUBLIC: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 7);

    fn wrap(icbm: &[u8], snac_flags: &[u8]) -> Vec<u8> {
        let mut snac = std::vec![0x00, 0x04, 0x00, 0x06];
        snac.extend_from_slice(snac_flags);
        snac.extend_from_slice(&[0, 0, 0, 0x42]);
        if snac_flags == [0x80, 0x00] {
            snac.extend_from_slice(&[0x00, 0x06, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01]);
        }
        snac.extend_from_slice(icbm);
        let mut out = std::vec![0u8; 6 + snac.len()];
        crate::flap::FlapRepr {
            channel: FlapChannel::Data,
            sequence: 0x1234,
            payload: &snac,
        }
        .emit(&mut out)
        .unwrap();
        out
    }

    /// The constructed vector turned into a direct proposal (no 0x0010): built with the
    /// typed builder from the vector's own parameters.
    fn direct(params: RendezvousParams<'_>) -> Vec<u8> {
        let mut icbm = [0u8; 256];
        let n = emit_rendezvous_icbm(
            *b"1234567\0",
            b"buddy",
            true,
            RendezvousType::Propose,
            Capability::SEND_FILE,
            &params,
            &mut icbm,
        )
        .unwrap();
        wrap(&icbm[..n], &[0, 0])
    }

    fn vector_params() -> RendezvousParams<'static> {
        let m = IcbmMessage::parse(&PROPOSAL_ICBM).unwrap();
        let chain = m.tlvs.first(5).unwrap().value;
        RendezvousParams::from_chain(crate::tlv::TlvChain::parse(&chain[26..]).unwrap())
    }

    fn rendezvous_of(flap: &[u8]) -> RendezvousParams<'_> {
        let f = FlapFrame::parse(flap).unwrap();
        let s = SnacPacket::parse(f.payload()).unwrap();
        let start = 6 + s.data_offset();
        let m = IcbmMessage::parse(&flap[start..]).unwrap();
        let value = m.tlvs.first(5).unwrap().value;
        RendezvousParams::from_chain(crate::tlv::TlvChain::parse(&value[26..]).unwrap())
    }

    #[test]
    fn the_constructed_proxied_vector_is_left_alone() {
        let mut flap = wrap(&PROPOSAL_ICBM, &[0, 0]);
        assert_eq!(flap.len(), 138);
        let before = flap.clone();
        let m = NatMapping::new(PUBLIC, Some(40000));
        assert_eq!(rewrite_in_place(&mut flap, &m).unwrap(), Outcome::Proxied);
        assert_eq!(flap, before);
    }

    #[test]
    fn direct_proposal_rewritten_with_xor_checks() {
        let params = RendezvousParams {
            use_proxy: false,
            ..vector_params()
        };
        for flags in [[0u8, 0], [0x80, 0x00]] {
            let mut icbm = [0u8; 256];
            let n = emit_rendezvous_icbm(
                *b"1234567\0",
                b"buddy",
                true,
                RendezvousType::Propose,
                Capability::SEND_FILE,
                &params,
                &mut icbm,
            )
            .unwrap();
            let mut flap = wrap(&icbm[..n], &flags);
            let len = flap.len();
            let m = NatMapping::new(PUBLIC, Some(40000));
            let Outcome::Rewritten(r) = rewrite_in_place(&mut flap, &m).unwrap() else {
                panic!()
            };
            assert_eq!(r.tlvs_changed, 5, "0x0002, 0x0003, 0x0005, 0x0016, 0x0017");
            assert_eq!(r.old_port, Some(5190));
            assert_eq!(r.xor_was_valid, Some(true));
            assert_eq!(r.cookie, *b"1234567\0");
            assert_eq!(flap.len(), len);
            let p = rendezvous_of(&flap);
            assert_eq!(p.client_ip, Some(PUBLIC));
            assert_eq!(p.proxy_ip, Some(PUBLIC));
            assert_eq!(p.port, Some(40000));
            assert_eq!(p.ip_xor, Some(!u32::from(PUBLIC)));
            assert_eq!(p.port_xor, Some(!40000));
            assert_eq!(p.request_number, Some(1));
            assert_eq!(p.service_data, params.service_data);
        }
    }

    #[test]
    fn tampered_xor_is_reported_and_no_xor_is_none() {
        let mut params = RendezvousParams {
            use_proxy: false,
            ..vector_params()
        };
        params.ip_xor = Some(0);
        let mut flap = direct(params);
        let m = NatMapping::new(PUBLIC, None);
        let Outcome::Rewritten(r) = rewrite_in_place(&mut flap, &m).unwrap() else {
            panic!()
        };
        assert_eq!(r.xor_was_valid, Some(false));
        let p = rendezvous_of(&flap);
        assert_eq!(p.port, Some(5190), "port kept");
        assert_eq!(p.port_xor, Some(!5190));
        params.ip_xor = None;
        params.port_xor = None;
        let mut flap = direct(params);
        let Outcome::Rewritten(r) = rewrite_in_place(&mut flap, &m).unwrap() else {
            panic!()
        };
        assert_eq!(r.xor_was_valid, None);
        assert_eq!(r.tlvs_changed, 2);
    }

    #[test]
    fn missing_tlvs_need_a_rebuild() {
        let params = RendezvousParams {
            use_proxy: false,
            client_ip: None,
            proxy_ip: None,
            ..vector_params()
        };
        let mut flap = direct(params);
        let before = flap.clone();
        let m = NatMapping::new(PUBLIC, Some(40000));
        assert_eq!(
            rewrite_in_place(&mut flap, &m).unwrap(),
            Outcome::NeedsRebuild
        );
        assert_eq!(flap, before);
        let mut out = [0u8; 512];
        let n = rewrite_rebuild(&flap, &m, &mut out).unwrap();
        assert_eq!(n, flap.len() + 8);
        let p = rendezvous_of(&out[..n]);
        assert_eq!(p.client_ip, Some(PUBLIC));
        assert_eq!(p.port, Some(40000));
        assert_eq!(p.ip_xor, Some(!u32::from(PUBLIC)));
        let f = FlapFrame::parse(&out[..n]).unwrap();
        assert_eq!((f.sequence(), f.frame_len()), (0x1234, n));
        // Rebuilding a proposal that could have been rewritten in place gives the same
        // bytes as the in-place rewrite.
        let direct_flap = direct(RendezvousParams {
            use_proxy: false,
            ..vector_params()
        });
        let mut in_place = direct_flap.clone();
        rewrite_in_place(&mut in_place, &m).unwrap();
        let n = rewrite_rebuild(&direct_flap, &m, &mut out).unwrap();
        assert_eq!(&out[..n], &in_place[..]);
    }

    #[test]
    fn other_messages_are_not_proposals() {
        let m = NatMapping::new(PUBLIC, None);
        // A channel-1 FLAP.
        let mut signon = [0x2a, 0x01, 0x19, 0x8a, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01];
        assert_eq!(
            rewrite_in_place(&mut signon, &m).unwrap(),
            Outcome::NotAProposal
        );
        // An accept (type 2).
        let mut flap = direct(RendezvousParams::default());
        let at = flap.len() - 26;
        flap[at + 1] = 2;
        assert_eq!(
            rewrite_in_place(&mut flap, &m).unwrap(),
            Outcome::NotAProposal
        );
        assert!(rewrite_rebuild(&flap, &m, &mut [0u8; 256]).is_err());
        // A broken FLAP is an error, not a silent pass.
        let mut bad = [0x2b, 0x02, 0, 0, 0, 0];
        assert!(rewrite_in_place(&mut bad, &m).is_err());
        assert_eq!(
            Outcome::NotAProposal.to_string(),
            "not a rendezvous proposal"
        );
    }
}
