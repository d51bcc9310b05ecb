//! IPv4 (being built: today its bytes are shown as data).

#[allow(unused_imports)]
use super::IpPair;
use super::Walk;

/// Dissects an IPv4 packet at `pos`; returns the bytes it covers (total length), when known.
pub(crate) fn ipv4(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) -> Option<usize> {
    walk.data(pos, bytes);
    None
}
