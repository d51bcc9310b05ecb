//! ICMP for IPv4 and IPv6 (being built: today their bytes are shown as data).

#[allow(unused_imports)]
use super::IpPair;
use super::Walk;

/// Dissects an ICMPv4 message at `pos`.
pub(crate) fn icmpv4(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    walk.data(pos, bytes);
}

/// Dissects an ICMPv6 message at `pos`.
pub(crate) fn icmpv6(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ip: IpPair) {
    walk.data(pos, bytes);
}
