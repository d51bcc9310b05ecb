//! The `telnet` layer: Telnet. Not decoded yet: the payload is shown as `data`.

use super::Walk;
use super::app::Ports;

/// Dissects a Telnet payload at `pos`.
pub(crate) fn telnet(walk: &mut Walk<'_>, bytes: &[u8], pos: usize, _ports: Ports) {
    walk.data(pos, bytes);
}
