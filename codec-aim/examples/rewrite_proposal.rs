//! A NAT proxy's view of a direct-connection proposal: rewrite the private client address
//! in place, the way ReAIM meant to (notes §1.9), but through the typed views, with the XOR
//! checks recomputed, and fall back to a rebuilt message when the change does not fit.
//!
//! Run with `cargo run -p codec-aim --example rewrite_proposal`.

use codec_aim::flap::{self, FlapChannel, FlapFrame};
use codec_aim::icbm::{
    Capability, IcbmMessage, RendezvousParams, RendezvousType, emit_rendezvous_icbm,
};
use codec_aim::rewrite::{NatMapping, Outcome, rewrite_in_place, rewrite_rebuild};
use codec_aim::snac::{Family, SnacFlags, SnacPacket, SnacRepr};
use core::net::Ipv4Addr;

/// Builds FLAP(SNAC 4/6(ICBM channel 2(rendezvous PROPOSE with `params`))).
fn proposal(params: &RendezvousParams<'_>) -> Result<Vec<u8>, codec_core::Error> {
    let mut icbm = [0u8; 512];
    let n = emit_rendezvous_icbm(
        *b"1234567\0",
        b"buddy",
        true,
        RendezvousType::Propose,
        Capability::SEND_FILE,
        params,
        &mut icbm,
    )?;
    let snac = SnacRepr {
        family: Family::Icbm,
        subtype: 0x0006,
        flags: SnacFlags::empty(),
        request_id: 0x42,
        optional_tlvs: None,
        data: icbm.get(..n).unwrap_or_default(),
    };
    let mut wire = vec![0u8; flap::HEADER_LEN + snac.buffer_len()];
    flap::emit_with(
        FlapChannel::Data,
        0x1234,
        snac.buffer_len(),
        &mut wire,
        |out| snac.emit(out).map(|_| ()),
    )?;
    Ok(wire)
}

fn show(label: &str, wire: &[u8]) -> Result<(), codec_core::Error> {
    let frame = FlapFrame::parse(wire)?;
    let snac = SnacPacket::parse(frame.payload())?;
    let icbm = IcbmMessage::parse(snac.data())?;
    println!("{label}:\n  {frame}\n  {snac}\n  {icbm}");
    if let Some(rv) = icbm.rendezvous() {
        let rv = rv?;
        println!(
            "  client {:?} rendezvous {:?} port {:?} XOR checks {}",
            rv.client_ip(),
            rv.proxy_ip(),
            rv.port(),
            match rv.xor_check() {
                Some(true) => "consistent",
                Some(false) => "INCONSISTENT",
                None => "absent",
            }
        );
    }
    Ok(())
}

fn main() -> Result<(), codec_core::Error> {
    // A client at 192.168.1.10 offers a file on its listener port 5190, with the XOR
    // checks libpurple writes for proxied offers.
    let file = [
        0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x30, 0x39, b'h', b'e', b'l', b'l', b'o', b'.', b't',
        b'x', b't', 0x00,
    ];
    let private = Ipv4Addr::new(192, 168, 1, 10);
    let params = RendezvousParams {
        proxy_ip: Some(private),
        client_ip: Some(private),
        port: Some(5190),
        request_number: Some(1),
        host_check: true,
        service_data: Some(&file),
        ..RendezvousParams::default()
    }
    .with_xor_checks();
    let mut wire = proposal(&params)?;
    show("proposal from the client", &wire)?;

    // The firewall's public address and the port it forwards to the client's listener.
    let mapping = NatMapping::new(Ipv4Addr::new(203, 0, 113, 7), Some(40001));
    let before = wire.clone();
    let outcome = rewrite_in_place(&mut wire, &mapping)?;
    println!("\nrewrite in place: {outcome}");
    let changed: Vec<usize> = (0..wire.len())
        .filter(|&i| wire.get(i) != before.get(i))
        .collect();
    println!(
        "  {} bytes changed, frame length unchanged ({} bytes)",
        changed.len(),
        wire.len()
    );
    show("proposal as forwarded", &wire)?;

    // An offer without a client-IP TLV cannot be fixed in place: rebuild it.
    let bare = RendezvousParams {
        proxy_ip: None,
        client_ip: None,
        ip_xor: None,
        port_xor: None,
        ..params
    };
    let mut wire = proposal(&bare)?;
    let outcome = rewrite_in_place(&mut wire, &mapping)?;
    println!("\nan offer without 0x0003: {outcome}");
    if outcome == Outcome::NeedsRebuild {
        let mut out = vec![0u8; wire.len() + 64];
        let n = rewrite_rebuild(&wire, &mapping, &mut out)?;
        println!("  rebuilt: {} -> {} bytes", wire.len(), n);
        show("rebuilt proposal", out.get(..n).unwrap_or_default())?;
    }
    Ok(())
}
