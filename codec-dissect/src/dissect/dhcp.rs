//! The `dhcp` layer: DHCP. Not decoded yet: the payload is shown as `data`.

use super::Walk;
use super::app::Ports;

/// Dissects a DHCP payload at `pos`.
pub(crate) fn dhcp(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    walk.data(pos, bytes);
}
