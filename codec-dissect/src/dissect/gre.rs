//! GRE (being built: today its bytes are shown as data).

#[allow(unused_imports)]
use super::IpPair;
use super::Walk;

/// Dissects a GRE packet at `pos`.
pub(crate) fn gre(walk: &mut Walk<'_>, bytes: &[u8], pos: usize) {
    walk.data(pos, bytes);
}
