//! TCP and UDP (being built: today their bytes are shown as data).

#[allow(unused_imports)]
use super::IpPair;
use super::Walk;

/// Dissects a TCP segment at `pos`.
pub(crate) fn tcp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ip: IpPair) {
    walk.data(pos, bytes);
}

/// Dissects a UDP datagram at `pos`.
pub(crate) fn udp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ip: IpPair) {
    walk.data(pos, bytes);
}
