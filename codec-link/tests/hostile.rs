//! Hostile input: pseudo-random bytes (a fixed LCG, so failures reproduce) through every PPP
//! decoder. Nothing panics, and every control or CHAP packet that parses re-emits to exactly
//! its first `length` bytes, whatever its options look like (the `emit(parse(b)) == b` law
//! holds for damaged option lists too).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use codec_link::ppp::ccp::Ccp;
use codec_link::ppp::chap::{ChapPacket, ChapRepr};
use codec_link::ppp::control::{ControlPacket, ControlProtocol, ControlRepr};
use codec_link::ppp::ipcp::Ipcp;
use codec_link::ppp::ipv6cp::Ipv6cp;
use codec_link::ppp::lcp::Lcp;
use codec_link::ppp::pap::{PapPacket, PapRepr};
use codec_link::pppoe::{PppoePacket, PppoeRepr};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 56) as u8
    }
}

fn control<P: ControlProtocol>(b: &[u8]) -> bool {
    let Ok(p) = ControlPacket::<_, P>::parse(b) else {
        return false;
    };
    let _ = p.to_string();
    let _ = format!("{p:?}");
    let n = p.options().count();
    assert!(n <= b.len());
    let r = ControlRepr::<P>::parse(&p).unwrap();
    let _ = r.to_string();
    let mut out = vec![0u8; r.buffer_len()];
    assert_eq!(r.emit(&mut out).unwrap(), usize::from(p.length()));
    assert_eq!(out, b[..usize::from(p.length())]);
    true
}

#[test]
fn random_bytes_never_panic_and_reemit() {
    let mut rng = Lcg(0x5eed);
    let mut parsed = 0;
    for round in 0..20_000 {
        let len = usize::from(rng.next()) % 64;
        let mut b: Vec<u8> = (0..len).map(|_| rng.next()).collect();
        // Make the length field agree with the bytes half the time, so that parsing gets far.
        if b.len() >= 4 && round % 2 == 0 {
            let l = b.len() as u16 - u16::from(rng.next() % 3).min(b.len() as u16 - 4);
            b[2..4].copy_from_slice(&l.to_be_bytes());
            b[0] = rng.next() % 16;
        }
        parsed += usize::from(control::<Lcp>(&b));
        parsed += usize::from(control::<Ipcp>(&b));
        parsed += usize::from(control::<Ipv6cp>(&b));
        parsed += usize::from(control::<Ccp>(&b));
        if let Ok(p) = ChapPacket::parse(&b[..]) {
            let r = ChapRepr::parse(&p).unwrap();
            let mut out = vec![0u8; r.buffer_len()];
            r.emit(&mut out).unwrap();
            assert_eq!(out, b[..usize::from(p.length())]);
            let _ = p.to_string();
        }
        if let Ok(p) = PapPacket::parse(&b[..]) {
            let r = PapRepr::parse(&p).unwrap();
            let mut out = vec![0u8; r.buffer_len()];
            r.emit(&mut out).unwrap();
            // PAP drops bytes after its counted fields: equal up to what it keeps.
            assert_eq!(out[4..], b[4..r.buffer_len()]);
            let _ = p.to_string();
        }
        let mut e = b.clone();
        if e.len() >= 6 && round % 2 == 0 {
            e[0] = 0x11;
            let l = (e.len() - 6) as u16;
            e[4..6].copy_from_slice(&l.to_be_bytes());
        }
        if let Ok(p) = PppoePacket::parse(&e[..]) {
            let _ = p.tags().count();
            let _ = p.to_string();
            let _ = p.ppp();
            let r = PppoeRepr::parse(&p).unwrap();
            let mut out = vec![0u8; r.buffer_len()];
            let n = r.emit(&mut out).unwrap();
            assert_eq!(out[..n], e[..n]);
        }
    }
    assert!(parsed > 10_000, "only {parsed} packets parsed");
}
